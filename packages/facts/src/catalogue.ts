import { toolsByStation, type StationId, type Tool, type ToolStation } from "@paved/stations";
import { stationsRunIn } from "./commands.js";
import { defineFact, defineProjectFact } from "./facts.js";
import { pavedConfigFile } from "./paved-config.js";
import {
  actionsUsed,
  commands,
  nodeVersions,
  pipelines,
  usesAction,
  type Located,
  type Pipeline,
} from "./pipelines.js";
import { findUp, type Project } from "./project.js";
import { discoverProjects } from "./repo/projects.js";
import { sortedUnder, type Read } from "./repo/repo-index.js";
import { flatConfigs } from "./tools/eslint-configs.js";
import { parseModule, type ModuleFacts } from "./tools/js-module.js";
import {
  compilingConfigs,
  effectiveOptions,
  nearestTsconfig,
  type Effective,
} from "./tools/tsconfig.js";

/** The facts every judge can ask for, each saying how it decides. */

export const workspace = defineFact<{ projects: Project[]; problems: string[] }>({
  id: "workspace",
  how: "The root, then each directory with a package.json that the workspace globs take in: pnpm-workspace.yaml's `packages`, else package.json's `workspaces`. Each package's kind (service or library) comes from its manifest: a server framework dependency, or a private package with a `start` script that is not a dev server; a package made to be published (not private, with `exports`, `types`, `files`, `bin` or `publishConfig`) is a library whatever it depends on. Its role comes from the directories it sits in (`examples/`, `templates/`, `playground/`, `fixtures/`, `e2e/`, `integration/` and Nx's `<app>-e2e/`, `docs/`, `www/`, `bench/` hold non-products, which are listed, not judged), else from a private package's docs framework (VitePress, Docusaurus, Starlight, …: a docs site), overridden by paved.config.json's `projects`; a workspace root that publishes a package (named, not private, with entry points) is judged as that package too.",
  read(facts) {
    const problems = [...facts.files.problems];
    try {
      return { projects: discoverProjects(facts.files, problems), problems };
    } catch (error) {
      // A workspace definition no glob library can digest still leaves the root to audit.
      problems.push(
        `workspace packages could not be listed (${error instanceof Error ? error.message : String(error)}); only the root is judged`,
      );
      const root: Project = {
        dir: "",
        name: ".",
        kinds: ["workspace-root", "library"],
        manifest: undefined,
      };
      return { projects: [root], problems };
    }
  },
});

export const ciPipelines = defineFact<Pipeline[]>({
  id: "ci-pipelines",
  how: "GitHub workflows (`.github/workflows/*.yml`), `.gitlab-ci.yml`, CircleCI's `.circleci/config.yml`, `.travis.yml` and `azure-pipelines.yml` (or `.azure-pipelines.yml`), parsed as YAML; each trigger, job and step at the line of its own key or entry in the file (the YAML's positions, not a text search). A job that calls a reusable workflow of the same repository (`uses: ./.github/workflows/x.yml`, `workflow_call`) has the called workflow's jobs' steps, at their lines in that file, with `${{ inputs.x }}` filled from the job's `with:` or the input's `default` (up to GitHub's ten levels; a cycle is not followed); a remote one (`owner/repo/…@ref`) is opaque. A CircleCI job has the steps of its `steps:`, those of the config's own reusable `commands:` and of `when`/`unless` blocks where they are used, with `<< parameters.x >>` filled from what the workflows give the job (values and `matrix`) or the defaults; an orb job of @paved/stations' table that runs a package script (`node/test` of `circleci/node`: `npm run test`, or its `pkg-manager` and `run-command`) is a job too. Travis CI's jobs are the root's (where there is no `jobs.include`, or the root also expands a matrix from `node_js`, `env`, …) and one per `jobs.include` (or `matrix.include`) entry. Azure Pipelines' jobs are those of `stages[].jobs`, of `jobs`, or the root's `steps` as one job (a deployment job's, those of its `runOnce` hooks), with its local templates of steps and jobs followed (relative to the file that uses one, or to the root with a leading `/`; `${{ parameters.x }}` filled from the use or the defaults; twenty levels, no cycles), while one of another repository (`x.yml@tools`), of stages or that the pipeline `extends` is named as CI the audit does not read. A step that uses a local composite action (`uses: ./.github/actions/setup`, whose action.yml runs `using: composite`) is followed by the action's steps, at their lines in action.yml, with its `${{ inputs.x }}` filled the same way (nested actions too, to ten levels, without cycles).",
  read: (facts) => pipelines(facts.files),
});

export const ciCommands = defineFact<Located<string>[]>({
  id: "ci-commands",
  how: "Every shell command a pipeline runs (GitHub `run:` steps, `parallel:` groups included, and the commands a step gives an action that runs them: `nick-fields/retry`'s `command`, `jameshenry/parallel-bash-commands`' `cmd1`…, `cypress-io/github-action`'s `build` and `command`, `borales/actions-yarn`'s `cmd`, the list in @paved/stations; GitLab `before_script`, `script`, `after_script` with `extends` merged; CircleCI `run` steps, in a step's relative `working_directory`; Travis CI's phases, `before_install` to `after_script`, of the root's job and of each `jobs.include` entry, the root's where an entry names none, `npm publish` for a `deploy` to its `npm` provider, and for `language: node_js` Travis's default install and `npm test` (`yarn test` beside yarn.lock) where a job names neither; Azure's `script`, `bash`, `pwsh` and `powershell` steps (in a relative `workingDirectory`) and its `Npm@1`, `Bash@3` and `CmdLine@2` tasks, `$(variable)` expanded over the root's and the job's variables and its matrix), `${{ matrix.x }}` expanded over the job's matrix; the commands of a called local reusable workflow, and of a local composite action a step uses, with its `${{ inputs.x }}` filled from the caller's `with:` (or the input's `default`), at their lines in the called file; each at its step's line.",
  read: (facts) => commands(facts.files),
});

export const ciNodeVersions = defineFact<Located<string>[]>({
  id: "ci-node-versions",
  how: "The Node versions CI sets up, at each step's line: `actions/setup-node`'s `node-version` (one, a list, or a `${{ matrix.x }}` expanded over the job's matrix, its `include` entries too), a GitLab job's `image: node:<version>` and a CircleCI job's primary image (`cimg/node:<version>`, `circleci/node:<version>`, `node:<version>`, its own or its executor's, parameters filled) a Travis job's `node_js` and an Azure job's `NodeTool@0` `versionSpec` or `UseNode@1` `version` (matrix variables expanded), as written (`20`, `22.12.0`, `lts/*`).",
  read: (facts) => nodeVersions(facts.files),
});

export const ciActions = defineFact<Located<string>[]>({
  id: "ci-actions",
  how: "Every `uses:` of a GitHub workflow (steps and reusable-workflow jobs) and of the local composite actions its steps use (each action's once), at the line of that `uses:` key.",
  read: (facts) => actionsUsed(facts.files),
});

/** The GitHub actions that run each station's tools (`Tool.actions`), worked out once. */
const stationActions = (Object.entries(toolsByStation) as [ToolStation, readonly Tool[]][])
  .map(([station, tools]): [ToolStation, string[]] => [
    station,
    tools.flatMap((tool) => tool.actions ?? []),
  ])
  .filter(([, actions]) => actions.length > 0);

export const ciStations = defineFact<ReadonlyMap<StationId, Located<string>[]>>({
  id: "ci-stations",
  how: "The stations each CI command runs: the tools it calls directly (for example `eslint`, `tsc`, `vitest`, `prettier --check`), or through the package.json scripts, Deno tasks (`deno task x`, from deno.json or deno.jsonc) and Nx/Turbo targets it calls, followed through the root's and the packages' scripts a few levels deep (in a workspace, a script called plainly, `pnpm lint` or `npm test`, is the root's own; one called recursively, `pnpm -r`, `npm --workspaces`, `yarn workspaces foreach`, `lerna run`, Nx or Turbo, any package's; Turbo's `//#lint` is the root's own task); and a step whose action runs a tool of @paved/stations' tables (`dprint/check`, `reviewdog/action-eslint`, `creyD/prettier_action`, the scanners' actions). An Nx target runs the targets of its project it `dependsOn` first, then its `nx:run-commands` commands or what its executor runs (`@nx/jest:jest` runs Jest; `@nx/esbuild:esbuild` and `@nx/rollup:rollup` type-check too unless `skipTypeCheck`), or what an inference plugin of nx.json gives the projects that have the tool's config (`@nx/vite/plugin` and `@nx/vitest` a `test` target running Vitest, `@nx/jest/plugin`, `@nx/eslint/plugin`, `@nx/playwright/plugin`, `@nx/cypress/plugin`, `@nx/js/typescript`), under the plugin's own target names and its `include` and `exclude` globs.",
  read(facts) {
    const projects = facts.get(workspace).projects;
    const run = new Map<StationId, Located<string>[]>();
    for (const command of facts.get(ciCommands))
      for (const station of stationsRunIn(facts.files, projects, command.value))
        run.set(station, [...(run.get(station) ?? []), command]);
    // A step whose action runs a tool (`uses: dprint/check@v2`) runs the tool's station.
    for (const uses of facts.get(ciActions))
      for (const [station, actions] of stationActions)
        if (usesAction(uses.value, actions)) run.set(station, [...(run.get(station) ?? []), uses]);
    return run;
  },
});

export const pavedConfig = defineFact<{ path: string; text: Read<string> } | undefined>({
  id: "paved-config",
  how: "The repository's own paved.config.json at its root, read bounded like any file; `readPavedConfig` reads it as JSON with comments and refuses prototype keys (`__proto__`).",
  read(facts) {
    if (!facts.files.has(pavedConfigFile)) return undefined;
    return { path: pavedConfigFile, text: facts.files.text(pavedConfigFile) };
  },
});

/** The tsconfig a project is compiled with, and the configs that really compile it. */
export interface TsconfigFact {
  /** The project's own tsconfig.json, else the nearest above it. */
  path: string;
  /** Each config that compiles code (a solution config's references), with its options. */
  compiling: { path: string; options: Effective }[];
}

export const tsconfig = defineProjectFact<TsconfigFact | undefined>({
  id: "tsconfig",
  how: "The project's own tsconfig.json, else the config its own scripts give tsc or vue-tsc (`tsc -p ./src` compiles with src/tsconfig.json; `--project`, `-b`, `--build` too), else the nearest tsconfig.json above it; a solution-style config (`files: []` with `references`) compiles nothing itself, so its references are read instead, and for a workspace package that has no tsconfig of its own only the references inside the package (none: the package has no tsconfig). Each config's `extends` chain is followed (relative files, installed packages, well-known presets when not installed) and the options merged in order; a loop, a missing base or an unreadable file is a problem, not a guess.",
  read(facts, project) {
    const path = nearestTsconfig(facts.files, project);
    if (path === undefined) return undefined;
    let configs = compilingConfigs(facts.files, path);
    // A solution config above a workspace package compiles the package only through the
    // references inside it: the others are other projects' (a package of styles or images,
    // under a root that references every project, was blamed for each of their configs).
    if (
      project.dir !== "" &&
      !path.startsWith(`${project.dir}/`) &&
      configs.some((c) => c !== path)
    ) {
      configs = configs.filter((config) => config.startsWith(`${project.dir}/`));
      if (configs.length === 0) return undefined;
    }
    const compiling = configs.map((config) => ({
      path: config,
      options: effectiveOptions(facts.files, config),
    }));
    return { path, compiling };
  },
});

/** A project's ESLint flat config read as tokens; `read: false` when the file could not be read. */
export type EslintFlatConfig = { path: string } & (
  { ok: true; facts: ModuleFacts } | { ok: false; problem: string; read: boolean }
);

export const eslintFlatConfig = defineProjectFact<EslintFlatConfig | undefined>({
  id: "eslint-flat-config",
  how: "The nearest ESLint flat config (`eslint.config.{js,mjs,cjs,ts,mts,cts}`, the project's then up to the root), read as tokens, never run: the modules it imports, the names it mentions and the object keys it writes.",
  read(facts, project) {
    const path = findUp(facts.files, project, flatConfigs);
    if (path === undefined) return undefined;
    const text = facts.files.text(path);
    if (!text.ok) return { path, ok: false, problem: text.problem, read: false };
    const parsed = facts.files.derive(`module:${path}`, () => parseModule(text.value, path));
    return parsed.ok
      ? { path, ok: true, facts: parsed.facts }
      : { path, ok: false, problem: parsed.problem, read: true };
  },
});

const typeScriptExtensions = new Set(["ts", "tsx", "mts", "cts"]);
const sourceExtensions = new Set([...typeScriptExtensions, "js", "mjs", "cjs", "jsx"]);

/** A file name's extension without the dot ("" when it has none). */
function extensionOf(file: string): string {
  const dot = file.lastIndexOf(".");
  return dot > file.lastIndexOf("/") ? file.slice(dot + 1) : "";
}

/**
 * The listing's JavaScript and TypeScript files (`any`), and its TypeScript files less
 * declarations (`typescript`): one pass over every listed file for both.
 */
/**
 * Declarations (`.d.ts`, `.d.mts`, `.d.cts`) and type tests (tsd's `*.test-d.ts` and `test-d/`,
 * TSTyche's `*.tst.ts`, `test/types/`): a JavaScript package that checks its hand-written
 * types with them is no TypeScript code base.
 */
function declarationOrTypeTest(file: string): boolean {
  return (
    /\.d\.[mc]?ts$|\.(test-d|tst)\.tsx?$/.test(file) || /(^|\/)(test-d|tests?\/types)\//.test(file)
  );
}

const allSources = defineFact<{ any: readonly string[]; typescript: readonly string[] }>({
  id: "sources:all",
  how: "",
  read(facts) {
    const any: string[] = [];
    const typescript: string[] = [];
    const files = facts.files.files;
    // An index, not `for…of`: in a cold process each step of an array's iterator allocates.
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- see above
    for (let i = 0; i < files.length; i += 1) {
      const file = files[i] ?? "";
      const extension = extensionOf(file);
      if (!sourceExtensions.has(extension)) continue;
      any.push(file);
      if (typeScriptExtensions.has(extension) && !declarationOrTypeTest(file))
        typescript.push(file);
    }
    return { any, typescript };
  },
});

export const typeScriptSources = defineProjectFact<readonly string[]>({
  id: "typescript-sources",
  how: "The listed files under the project's directory ending in .ts, .tsx, .mts or .cts, declarations (.d.ts, .d.mts, .d.cts) and type tests (tsd's `*.test-d.ts` and `test-d/`, TSTyche's `*.tst.ts`, `test/types/`) left out: a JavaScript package that checks its hand-written types is no TypeScript code base.",
  // The listing is sorted, so a project's sources are one run of the repository's.
  read: (facts, project) => sortedUnder(facts.get(allSources).typescript, project.dir),
});

export const sources = defineProjectFact<readonly string[]>({
  id: "sources",
  how: "The listed files under the project's directory ending in a JavaScript or TypeScript extension (.js, .mjs, .cjs, .jsx, .ts, .tsx, .mts, .cts).",
  read: (facts, project) => sortedUnder(facts.get(allSources).any, project.dir),
});
