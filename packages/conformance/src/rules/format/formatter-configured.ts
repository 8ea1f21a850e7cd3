import { workspace } from "@paved/facts";
import { defineRule, fail, findUp, inProject, pass, rootManifest } from "../define.js";

const prettierFiles = [
  ".prettierrc",
  ".prettierrc.json",
  ".prettierrc.json5",
  ".prettierrc.yaml",
  ".prettierrc.yml",
  ".prettierrc.toml",
  ".prettierrc.js",
  ".prettierrc.cjs",
  ".prettierrc.mjs",
  ".prettierrc.ts",
  ".prettierrc.mts",
  ".prettierrc.cts",
  "prettier.config.js",
  "prettier.config.cjs",
  "prettier.config.mjs",
  "prettier.config.ts",
  "prettier.config.mts",
  "prettier.config.cts",
];
const biomeFiles = ["biome.json", "biome.jsonc"];

export default defineRule({
  meta: {
    id: "format/formatter-configured",
    station: "format",
    description: "A formatter is configured: Prettier (any config form) or Biome's formatter.",
    rationale:
      "Without one formatter, style debates and noisy diffs take the review time that design deserves.",
    remediation:
      'Add Prettier with the Paved preset: `npm i -D prettier @paved/prettier-config` and `"prettier": "@paved/prettier-config"` in package.json.',
    severity: "error",
    scope: "project",
  },
  reads: [workspace],
  judge(facts, project) {
    const index = facts.files;
    // The key may sit in the project's own package.json or in the root's: point at the one that has it.
    const keyIn =
      project.manifest?.["prettier"] !== undefined
        ? inProject(project, "package.json")
        : rootManifest(facts)?.["prettier"] !== undefined
          ? "package.json"
          : undefined;
    if (keyIn) {
      return pass(`Prettier is configured through the "prettier" key of ${keyIn}.`, {
        path: keyIn,
      });
    }
    const prettier = findUp(facts, project, prettierFiles);
    if (prettier) return pass(`Prettier is configured in ${prettier}.`, { path: prettier });
    const biome = findUp(facts, project, biomeFiles);
    if (biome) {
      const config = index.json(biome);
      const formatter = config.ok
        ? (config.value as { formatter?: { enabled?: boolean } } | null)?.formatter
        : undefined;
      if (formatter?.enabled === false)
        return fail(`Biome's formatter is switched off in ${biome}.`, { path: biome });
      return pass(`Biome formats the code (${biome}).`, { path: biome });
    }
    return fail("No formatter configuration found (Prettier or Biome).");
  },
});
