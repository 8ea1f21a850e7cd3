import { isRecord } from "@paved/facts";
import {
  formatters,
  hookManagers,
  linters,
  releaseTools,
  type PackageManager,
  type Tool,
} from "@paved/stations";
import { templatePnpmVersion } from "./render.js";
import { codeownersFiles, jsonOf, type SourceTree, type Workspace } from "./workspace.js";

/**
 * Where pnpm is missing (a machine with only Node and npm), how to get the version the
 * templates pin; a shell comment, so the step stays one line to copy.
 */
const pnpmHint = `   # no pnpm ${templatePnpmVersion}? npm install --global pnpm@${templatePnpmVersion}, or npx pnpm@${templatePnpmVersion} install`;

/** How a manager runs a package.json script, as a README writes it (`pnpm build`). */
export function runPrefix(manager: PackageManager): string {
  return manager.id === "npm" ? "npm run" : manager.id;
}

/** How a manager installs a workspace, with where to get pnpm when it is pnpm. */
export function installStep(manager: PackageManager): string {
  return manager.id === "pnpm" ? `pnpm install${pnpmHint}` : `${manager.id} install`;
}

/** How a manager runs one workspace package's tests. */
export function testStep(manager: PackageManager, packageName: string): string {
  switch (manager.id) {
    case "npm":
      return `npm test -w ${packageName}`;
    case "yarn":
      return `yarn workspace ${packageName} test`;
    case "bun":
      return `bun run --filter ${packageName} test`;
    default:
      return `pnpm --filter ${packageName} test`;
  }
}

type Manifest = Record<string, unknown>;

/**
 * A station of the workspace's root that a project inside it cannot wire itself: how to tell it
 * is missing, what to do, and the audit rules that fail at the root until it is done.
 */
interface RootGap {
  missing: (has: (...paths: string[]) => boolean, manifest: Manifest) => boolean;
  text: string;
  rules: readonly string[];
}

/** True when none of the tools is configured at the root (a config file or a package.json key). */
const noneConfigured =
  (tools: readonly Tool[]) => (has: (...paths: string[]) => boolean, manifest: Manifest) =>
    !tools.some(
      (tool) =>
        has(...(tool.configFiles ?? [])) ||
        (tool.manifestKeys ?? []).some((key) => key in manifest),
    );

const rootGaps: readonly RootGap[] = [
  {
    missing: (has) => !has(".github/workflows", ".gitlab-ci.yml"),
    text: "no CI pipeline at the workspace root: `paved ci` renders one, with the format, lint and type checks, a dependency audit, secret scanning and CodeQL",
    rules: [
      "ci/pipeline-present",
      "format/check-in-line",
      "lint/runs-in-line",
      "typecheck/check-in-line",
      "security/dependency-audit",
      "security/secret-scanning",
      "security/sast",
    ],
  },
  {
    missing: noneConfigured(formatters),
    text: "no formatter at the workspace root: add Prettier with @paved/prettier-config",
    rules: ["format/formatter-configured"],
  },
  {
    missing: noneConfigured(linters),
    text: "no linter at the workspace root: add an eslint.config.js exporting @paved/eslint-config's paved()",
    rules: ["lint/linter-configured", "lint/type-aware"],
  },
  {
    missing: (has, manifest) =>
      !hookManagers.some(
        (manager) =>
          has(...manager.preCommitFiles) ||
          (manager.manifestHooks ?? []).some(([key]) => key !== undefined && key in manifest),
      ),
    text: "no pre-commit hook at the workspace root: husky and lint-staged, see @paved/lint-staged-config",
    rules: ["pre-commit/hook-manager", "pre-commit/staged-checks"],
  },
  {
    missing: (has) => !has(...codeownersFiles),
    text: "no CODEOWNERS at the workspace root: add .github/CODEOWNERS (paved new then adds each project's line)",
    rules: ["review/codeowners"],
  },
  {
    missing: (has) =>
      !has(
        ".github/pull_request_template.md",
        ".github/PULL_REQUEST_TEMPLATE.md",
        ".github/PULL_REQUEST_TEMPLATE",
        "pull_request_template.md",
        "PULL_REQUEST_TEMPLATE.md",
        "docs/pull_request_template.md",
        ".gitlab/merge_request_templates",
      ),
    text: "no pull request template: add .github/pull_request_template.md",
    rules: ["review/pr-template"],
  },
  {
    missing: (has) => !has("SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md"),
    text: "no security policy: add SECURITY.md with a private reporting channel",
    rules: ["security/policy"],
  },
  {
    missing: (has, manifest) =>
      !("renovate" in manifest) &&
      !has(
        ...["renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json"].flatMap(
          (file) => [file, `.github/${file}`, `.gitlab/${file}`],
        ),
        ".github/dependabot.yml",
        ".github/dependabot.yaml",
      ),
    text: "no dependency-update bot: add renovate.json extending config:recommended",
    rules: ["dependency-updates/bot"],
  },
  {
    missing: (has, manifest) =>
      noneConfigured(releaseTools)(has, manifest) &&
      // Installed is configured only for a zero-config tool: Nx is there for `nx g`, and is
      // release tooling only where `nx release` runs.
      !releaseTools.some(
        (tool) =>
          tool.zeroConfig === true && tool.packages.some((name) => dependsOn(manifest, name)),
      ),
    text: "no release tooling at the workspace root: `npx changeset init`",
    rules: ["release/tooling"],
  },
  {
    missing: (has, manifest) =>
      !has(".nvmrc", ".node-version", ".tool-versions") &&
      !("volta" in manifest) &&
      !("devEngines" in manifest),
    text: "no Node version pinned at the workspace root: add .nvmrc",
    rules: ["runtime/node-version-pinned"],
  },
  {
    missing: (_, manifest) =>
      typeof (manifest["engines"] as Manifest | undefined)?.["node"] !== "string",
    text: 'no engines.node in the root package.json: add "engines": { "node": ">=<node>" }',
    rules: ["runtime/engines"],
  },
  {
    missing: (_, manifest) => typeof manifest["packageManager"] !== "string",
    text: 'no packageManager in the root package.json: add "packageManager": "<manager>@<version>"',
    rules: ["runtime/package-manager"],
  },
];

function dependsOn(manifest: Manifest, name: string): boolean {
  return ["dependencies", "devDependencies"].some(
    (field) => name in ((manifest[field] as Manifest | undefined) ?? {}),
  );
}

/**
 * What the enclosing repository still lacks of the stations that live at its root, each with
 * the audit rules that fail there until it is done (a test audits generated workspaces and
 * holds the two to each other): a project inside it cannot wire those itself.
 */
export function leftToWire(tree: SourceTree, workspace: Workspace, nodeRange: string): string[] {
  const has = (...paths: string[]) => paths.some((path) => tree.exists(path));
  const found = jsonOf(tree, "package.json");
  const manifest = isRecord(found) ? found : {};
  const left = rootGaps
    .filter((gap) => gap.missing(has, manifest))
    .map(
      (gap) =>
        `${gap.text.replace("<manager>", workspace.manager.id).replace("<node>", nodeRange)} (${gap.rules.join(", ")})`,
    );
  if (!workspace.manager.lockfiles.some((file) => tree.exists(file)))
    left.push(`no lockfile yet: commit the one \`${workspace.manager.id} install\` writes`);
  return left.map((line) => `# ${line}`);
}
