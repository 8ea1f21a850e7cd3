import { line, withHeader, type Rendered } from "./line.js";
import {
  installCommand,
  lockfileOf,
  needsCorepack,
  roadToolchain,
  type Toolchain,
} from "./toolchain.js";

export interface GitlabOptions {
  /** The root package.json's scripts: a job runs only a script the package defines. */
  scripts: Readonly<Record<string, string>>;
  /** The preset's version, written into the header. */
  version: string;
  /** The Node version from `.nvmrc` (`24`, `24.11`, `v24.11.1`): the jobs' image tag. */
  node: string;
  /** The repository's package manager and lockfile (default: the road's own, pnpm). */
  toolchain?: Toolchain;
  /** Add the release stage: changesets publishes, with npm provenance, from the default branch. */
  release?: boolean;
  /**
   * An Nx workspace: merge requests run the stations' targets only for the projects they affect
   * (`nx affected`, base from the merge request); the default branch runs them all.
   */
  affected?: boolean;
}

/**
 * The `node` image for a `.nvmrc` version, or undefined when `.nvmrc` names no version a tag can
 * carry (an alias such as `lts/*` or `node` would float).
 */
export function nodeImage(nvmrc: string): string | undefined {
  const version = /^v?(\d+(?:\.\d+){0,2})$/.exec(nvmrc.trim())?.[1];
  return version === undefined ? undefined : `node:${version}`;
}

const onMergeRequest = '$CI_PIPELINE_SOURCE == "merge_request_event"';

/**
 * Renders the GitLab CI pipeline of the paved road, `.gitlab-ci.yml`: one stage per station,
 * each job running the station's script where the package defines it, in the catalogue's order;
 * then GitLab's SAST and secret detection and a dependency audit; and, with changesets, a
 * publish with npm provenance from the default branch. The hardening is visible: the Node image
 * pinned to `.nvmrc`'s version, pipelines only for merge requests and the default branch (a
 * branch with an open merge request runs once), superseded pipelines cancelled, a timeout on
 * every job, the pnpm store cached per lockfile, `HUSKY=0`, the id token on the publish job
 * only.
 */
export function renderGitlab(options: GitlabOptions): Rendered {
  const image = nodeImage(options.node);
  if (image === undefined)
    throw new RangeError(
      // Printable and short: the file may hold anything.
      `'${options.node
        .trim()
        .slice(0, 40)
        .replace(
          /[^\x20-\x7e]/g,
          "?",
        )}' is not a Node version a container image can be pinned to; write one such as 24 or 24.11.1 into .nvmrc.`,
    );
  const { steps, missing, affectedTargets } = line(options.scripts);
  const affected = options.affected === true && affectedTargets.length > 0;
  const toolchain = options.toolchain ?? roadToolchain;
  const { manager } = toolchain;
  const corepack = needsCorepack(toolchain) ? ["    - corepack enable"] : [];
  const store = cacheOf(toolchain);
  const notOnMergeRequest = ["  rules:", '    - if: $CI_PIPELINE_SOURCE != "merge_request_event"'];

  const body = [
    `# The line on every change: ${steps.map(({ title }) => title.toLowerCase()).join(", ")}; then security.`,
    "# Rendered by @paved/ci from the station catalogue; run `paved ci --provider gitlab` to update it.",
    "",
    "# Pipelines run for merge requests and for the default branch (and schedules); a branch with",
    "# an open merge request runs once, as the merge request.",
    "workflow:",
    "  rules:",
    `    - if: ${onMergeRequest}`,
    "    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS",
    "      when: never",
    "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
    '    - if: $CI_PIPELINE_SOURCE == "schedule"',
    "  # A new commit cancels the superseded pipeline's interruptible jobs.",
    "  auto_cancel:",
    "    on_new_commit: interruptible",
    "",
    "# One stage per station, in the line's order. GitLab's SAST and secret detection run in test.",
    "stages:",
    "  - format",
    "  - lint",
    "  - typecheck",
    "  - test",
    "  - build",
    "  - security",
    ...(options.release === true ? ["  - release"] : []),
    "",
    "variables:",
    '  HUSKY: "0"',
    "  # GitLab's security jobs run in merge request pipelines too, where the results are shown.",
    '  AST_ENABLE_MR_PIPELINES: "true"',
    ...(affected
      ? [
          "  # nx affected compares the merge request with its base: the full history.",
          '  GIT_DEPTH: "0"',
        ]
      : []),
    "",
    "include:",
    "  - template: Jobs/SAST.gitlab-ci.yml",
    "  - template: Jobs/Secret-Detection.gitlab-ci.yml",
    "  - template: Jobs/Dependency-Scanning.gitlab-ci.yml",
    "",
    manager.id === "pnpm"
      ? `# Node from ${toolchain.node.source} (${options.node.trim()}), pnpm from packageManager through corepack, the pnpm store`
      : `# Node from ${toolchain.node.source} (${options.node.trim()}), ${manager.id}, its cache kept per lockfile,`,
    manager.id === "pnpm"
      ? "# cached per lockfile, a timeout on every job."
      : "# a timeout on every job.",
    ".node:",
    `  image: ${image}`,
    "  interruptible: true",
    "  timeout: 20 minutes",
    "  cache:",
    "    key:",
    "      files:",
    `        - ${lockfileOf(toolchain)}`,
    "    paths:",
    `      - ${store.path}`,
    "  before_script:",
    ...corepack,
    ...store.setup,
    `    - ${installCommand(toolchain)}${store.installFlags}`,
    "",
    ...(affected
      ? [
          "# Merge requests run the stations' targets for the projects they affect only.",
          "affected:",
          "  extends: .node",
          "  stage: lint",
          "  rules:",
          `    - if: ${onMergeRequest}`,
          "  variables:",
          "    NX_BASE: $CI_MERGE_REQUEST_DIFF_BASE_SHA",
          "    NX_HEAD: $CI_COMMIT_SHA",
          "  script:",
          `    - ${manager.exec(`nx affected -t ${affectedTargets.join(" ")}`)}`,
          "",
        ]
      : []),
    ...steps.flatMap(({ station, script }) => [
      `${station}:`,
      "  extends: .node",
      `  stage: ${station}`,
      // The format check is whole-repository and quick; the other stations run per project.
      ...(affected && station !== "format" ? notOnMergeRequest : []),
      "  script:",
      `    - ${manager.run(script)}`,
      "",
    ]),
    "# Known-vulnerable production dependencies: the lockfile is enough, nothing is installed.",
    "dependency-audit:",
    "  extends: .node",
    "  stage: security",
    ...(corepack.length > 0 ? ["  before_script:", ...corepack] : ["  before_script: []"]),
    "  script:",
    `    - ${manager.audit}`,
    "",
    ...(options.release === true
      ? [
          "# Publishes what changesets versioned (`pnpm changeset version`, merged) and npm does not have",
          "# yet, with provenance. The id token is this job's only; NPM_TOKEN is a protected, masked",
          "# CI/CD variable. One release at a time, never cancelled half-way.",
          "publish:",
          "  extends: .node",
          "  stage: release",
          "  rules:",
          '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"',
          "  interruptible: false",
          "  resource_group: release",
          "  id_tokens:",
          "    SIGSTORE_ID_TOKEN:",
          "      aud: sigstore",
          "  variables:",
          '    NPM_CONFIG_PROVENANCE: "true"',
          "  script:",
          `    - ${manager.id === "pnpm" ? "pnpm" : "npm"} config set "//registry.npmjs.org/:_authToken" "$NPM_TOKEN"`,
          ...(options.scripts["build"] === undefined ? [] : [`    - ${manager.run("build")}`]),
          `    - ${manager.exec("changeset publish")}`,
          "",
        ]
      : []),
  ].join("\n");
  // One blank line at the end, not two.
  return {
    files: new Map([[".gitlab-ci.yml", withHeader(`${body.trimEnd()}\n`, options.version)]]),
    missing,
  };
}

/** Where each manager keeps its download cache inside the project, so GitLab can keep it. */
function cacheOf(toolchain: Toolchain): { path: string; setup: string[]; installFlags: string } {
  switch (toolchain.manager.id) {
    case "pnpm":
      return {
        path: ".pnpm-store/",
        setup: ["    - pnpm config set store-dir .pnpm-store"],
        installFlags: "",
      };
    case "npm":
      return { path: ".npm/", setup: [], installFlags: " --cache .npm --prefer-offline" };
    case "yarn":
      return needsCorepack(toolchain)
        ? { path: ".yarn/cache/", setup: [], installFlags: "" }
        : { path: ".yarn-cache/", setup: [], installFlags: " --cache-folder .yarn-cache" };
    case "bun":
      return { path: ".bun-cache/", setup: [], installFlags: "" };
  }
}
