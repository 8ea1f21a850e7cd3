import actions from "./actions.json" with { type: "json" };
import { line, withHeader, type Rendered } from "./line.js";
import {
  installCommand,
  needsCorepack,
  pnpmMajor,
  roadToolchain,
  type Toolchain,
} from "./toolchain.js";

type ActionName = Exclude<keyof typeof actions, "$comment">;

/** `owner/repo@<full sha> # vX.Y.Z`, from the one data file of pins. */
export function pinned(action: ActionName, path = ""): string {
  const { sha, version } = actions[action];
  return `${action}${path}@${sha} # ${version}`;
}

/** Every action and its pin, for checks and for the update script. */
export const actionPins: Readonly<Record<ActionName, { sha: string; version: string }>> =
  Object.fromEntries(Object.entries(actions).filter(([name]) => name !== "$comment")) as Record<
    ActionName,
    { sha: string; version: string }
  >;

export interface GithubOptions {
  /** The root package.json's scripts: a step runs only a script the package defines. */
  scripts: Readonly<Record<string, string>>;
  /** The preset's version, written into the header. */
  version: string;
  /** The default branch (default main). */
  branch?: string;
  /** Render release.yml too: changesets versions and publishes from the default branch. */
  release?: boolean;
  /**
   * An Nx workspace: pull requests run the stations' targets only for the projects they affect
   * (`nx affected`, base and head from the pull request); the default branch runs them all.
   */
  affected?: boolean;
  /** The repository's package manager, lockfile and Node pin (default: the road's own). */
  toolchain?: Toolchain;
}

/** Checkout, the package manager, Node and the install, with the repository's own tools. */
function setup(toolchain: Toolchain, cache: boolean, history = false): string {
  const { manager } = toolchain;
  const cached = cache ? manager.setupNodeCache : undefined;
  const node = toolchain.node.file;
  return [
    `      - uses: ${pinned("actions/checkout")}`,
    "        with:",
    ...(history ? ["          fetch-depth: 0"] : []),
    "          persist-credentials: false",
    ...(manager.id === "pnpm"
      ? [
          `      - uses: ${pinned("pnpm/action-setup")}`,
          // Without a packageManager pin the action needs to be told which pnpm.
          ...(!toolchain.managerPinned ? ["        with:", `          version: ${pnpmMajor}`] : []),
        ]
      : []),
    // Yarn 2+ comes through corepack, before setup-node asks it for its cache directory.
    ...(needsCorepack(toolchain) && manager.id === "yarn" ? ["      - run: corepack enable"] : []),
    `      - uses: ${pinned("actions/setup-node")}`,
    "        with:",
    node === undefined
      ? `          node-version: "${toolchain.node.version ?? ""}"`
      : `          node-version-file: ${node}`,
    ...(cached === undefined ? [] : [`          cache: ${cached}`]),
    `      - run: ${installCommand(toolchain)}`,
  ].join("\n");
}

/**
 * Renders the GitHub Actions pipeline of the paved road: `ci.yml` runs each station the package
 * has a script for, in the catalogue's order; `security.yml` audits dependencies, scans for
 * secrets, reviews dependency changes on pull requests and runs CodeQL. Every hardening is a
 * visible default: actions pinned by SHA with their version, a read-only token with writes only
 * where a job needs them, concurrency, timeouts, no persisted credentials, `HUSKY=0`, Node from
 * `.nvmrc`.
 */
export function renderGithub(options: GithubOptions): Rendered {
  const branch = options.branch ?? "main";
  const toolchain = options.toolchain ?? roadToolchain;
  const { manager } = toolchain;
  const { steps, missing, affectedTargets } = line(options.scripts);

  const trigger = ["on:", "  push:", `    branches: [${branch}]`, "  pull_request:"].join("\n");
  const ci = [
    `# The line on every change: ${steps.map(({ title }) => title.toLowerCase()).join(", ")}.`,
    "# Rendered by @paved/ci from the station catalogue; run `paved ci` to update it.",
    "name: CI",
    "",
    trigger,
    "",
    "# Read-only by default; no job here needs to write.",
    "permissions:",
    "  contents: read",
    "",
    "concurrency:",
    "  group: ci-${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}",
    "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
    "",
    "env:",
    '  HUSKY: "0"',
    "",
    "jobs:",
    "  line:",
    "    name: Line",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 20",
    "    steps:",
    setup(toolchain, true, options.affected === true),
    ...(options.affected === true && affectedTargets.length > 0
      ? [
          "      - name: Affected projects' stations",
          "        if: github.event_name == 'pull_request'",
          "        env:",
          "          NX_BASE: ${{ github.event.pull_request.base.sha }}",
          "          NX_HEAD: ${{ github.event.pull_request.head.sha }}",
          `        run: ${manager.exec(`nx affected -t ${affectedTargets.join(" ")}`)}`,
        ]
      : []),
    ...steps.flatMap(({ station, script, title }) => [
      `      - name: ${title}`,
      // The format check is whole-repository and quick; the other stations run per project.
      ...(options.affected === true && station !== "format"
        ? ["        if: github.event_name != 'pull_request'"]
        : []),
      `        run: ${manager.run(script)}`,
    ]),
    "",
  ].join("\n");

  const security = [
    "# Security: known-vulnerable dependencies, leaked secrets, risky dependency changes, code",
    "# patterns. Rendered by @paved/ci; run `paved ci` to update it.",
    "name: Security",
    "",
    trigger,
    "  schedule:",
    '    - cron: "23 4 * * 1"',
    "",
    "permissions:",
    "  contents: read",
    "",
    "concurrency:",
    "  group: security-${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}",
    "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
    "",
    "jobs:",
    "  dependencies:",
    "    name: Dependency audit",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 10",
    "    steps:",
    setup(toolchain, false),
    `      - run: ${manager.audit}`,
    "      - if: github.event_name == 'pull_request'",
    `        uses: ${pinned("actions/dependency-review-action")}`,
    "",
    "  secrets:",
    "    name: Secret scan",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 10",
    "    steps:",
    `      - uses: ${pinned("actions/checkout")}`,
    "        with:",
    "          fetch-depth: 0",
    "          persist-credentials: false",
    `      - uses: ${pinned("trufflesecurity/trufflehog")}`,
    "        with:",
    "          extra_args: --results=verified,unknown",
    "",
    "  codeql:",
    "    name: CodeQL",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 30",
    "    # The one write this pipeline needs: uploading CodeQL's results.",
    "    permissions:",
    "      contents: read",
    "      security-events: write",
    "    steps:",
    `      - uses: ${pinned("actions/checkout")}`,
    "        with:",
    "          persist-credentials: false",
    `      - uses: ${pinned("github/codeql-action", "/init")}`,
    "        with:",
    "          languages: javascript-typescript",
    `      - uses: ${pinned("github/codeql-action", "/analyze")}`,
    "",
  ].join("\n");

  const release = [
    "# Releases with changesets: a version pull request while changesets are pending, then a",
    "# publish with npm provenance once it is merged. Rendered by @paved/ci; run `paved ci`.",
    "name: Release",
    "",
    "on:",
    "  push:",
    `    branches: [${branch}]`,
    "",
    "# No token scope by default: each job asks for what it needs.",
    "permissions: {}",
    "",
    "# One release at a time, never cancelled half-way.",
    "concurrency:",
    "  group: release-${{ github.ref }}",
    "  cancel-in-progress: false",
    "",
    "env:",
    '  HUSKY: "0"',
    "",
    "jobs:",
    "  mode:",
    "    name: Select mode",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 10",
    "    permissions:",
    "      contents: read",
    "    outputs:",
    "      mode: ${{ steps.mode.outputs.mode }}",
    "    steps:",
    setup(toolchain, true),
    "      - id: mode",
    `        uses: ${pinned("changesets/action", "/select-mode")}`,
    "",
    "  version:",
    "    name: Version pull request",
    "    needs: mode",
    "    if: needs.mode.outputs.mode == 'version'",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 10",
    "    permissions:",
    "      contents: write",
    "      pull-requests: write",
    "    steps:",
    setup(toolchain, true),
    `      - uses: ${pinned("changesets/action", "/version")}`,
    "",
    "  publish:",
    "    name: Publish",
    "    needs: mode",
    "    if: needs.mode.outputs.mode == 'publish'",
    "    runs-on: ubuntu-24.04",
    "    timeout-minutes: 20",
    "    # Only this job can publish: an OIDC token for npm provenance, tags and releases.",
    "    permissions:",
    "      contents: write",
    "      id-token: write",
    "    env:",
    '      NPM_CONFIG_PROVENANCE: "true"',
    "    steps:",
    setup(toolchain, true),
    ...(options.scripts["build"] === undefined ? [] : [`      - run: ${manager.run("build")}`]),
    `      - uses: ${pinned("changesets/action", "/publish")}`,
    "        with:",
    "          create-github-releases: true",
    "",
  ].join("\n");

  const files = new Map([
    [".github/workflows/ci.yml", withHeader(ci, options.version)],
    [".github/workflows/security.yml", withHeader(security, options.version)],
  ]);
  if (options.release === true)
    files.set(".github/workflows/release.yml", withHeader(release, options.version));
  return { files, missing };
}
