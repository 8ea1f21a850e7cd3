/** The dependency-update bots the CI preset can configure. */
export const updateBots = ["renovate", "dependabot"] as const;
export type UpdateBot = (typeof updateBots)[number];

/**
 * The update bot's configuration: Renovate (recommended presets, action digests pinned, the
 * paved presets grouped into one pull request) or Dependabot (npm and GitHub Actions, weekly,
 * grouped). Unlike the workflows it is a starting point that teams tune, so it carries no hash
 * and `paved ci` writes it only where there is none.
 */
export function renderUpdates(bot: UpdateBot): Map<string, string> {
  if (bot === "renovate") {
    // Written as Prettier writes JSON, so that the repository's format check passes.
    const renovate = [
      "{",
      '  "$schema": "https://docs.renovatebot.com/renovate-schema.json",',
      '  "extends": ["config:recommended", "helpers:pinGitHubActionDigests"],',
      '  "packageRules": [',
      "    {",
      '      "matchPackageNames": ["@paved/**"],',
      '      "groupName": "paved road presets"',
      "    }",
      "  ]",
      "}",
      "",
    ].join("\n");
    return new Map([["renovate.json", renovate]]);
  }
  const dependabot = [
    "# Dependency updates: npm packages and the GitHub Actions the workflows pin, weekly.",
    "version: 2",
    "updates:",
    "  - package-ecosystem: npm",
    "    directory: /",
    "    schedule:",
    "      interval: weekly",
    "    groups:",
    "      paved-road-presets:",
    "        patterns:",
    '          - "@paved/*"',
    "  - package-ecosystem: github-actions",
    "    directory: /",
    "    schedule:",
    "      interval: weekly",
    "",
  ].join("\n");
  return new Map([[".github/dependabot.yml", dependabot]]);
}

/** Files each bot reads its configuration from, to tell which one a repository already uses. */
export const updateConfigFiles: Readonly<Record<UpdateBot, readonly string[]>> = {
  renovate: [
    "renovate.json",
    "renovate.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".gitlab/renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
  ],
  dependabot: [".github/dependabot.yml", ".github/dependabot.yaml"],
};
