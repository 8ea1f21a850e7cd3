import type { Project } from "@paved/conformance";
import { Facts, formatterOf, testFiles } from "@paved/facts";
import { jsonAdd, jsonGet, jsonSet } from "../edit/json.js";
import { EditError } from "../edit/error.js";
import { defineFixer, inProject, refuse, rootManifest } from "../fix.js";
import { presetFor } from "./eslintrc.js";
import type { Workspace } from "../workspace.js";

/** Every dependency name of a planned package.json. */
function dependencies(files: Workspace, path: string): Set<string> {
  const text = files.read(path);
  const names = new Set<string>();
  if (text === undefined) return names;
  for (const field of ["dependencies", "devDependencies", "peerDependencies"]) {
    const node = jsonGet(text, path, [field]);
    for (const child of node?.children ?? []) {
      const key: unknown = child.children?.[0]?.value;
      if (typeof key === "string") names.add(key);
    }
  }
  return names;
}

/** Dependencies of the project and of the root, where workspace-wide tools live. */
const toolsOf = (files: Workspace, project: Project): Set<string> =>
  new Set([
    ...dependencies(files, "package.json"),
    ...dependencies(files, inProject(project, "package.json")),
  ]);

/** Adds a script to a project's package.json; an existing one of that name is kept. */
function addScript(files: Workspace, project: Project, name: string, command: string): void {
  const path = inProject(project, "package.json");
  files.edit(path, (text) => jsonAdd(text, path, ["scripts", name], command));
}

export const formatterConfigured = defineFixer({
  ruleId: "format/formatter-configured",
  how: 'Adds `"prettier": "@paved/prettier-config"` to the root package.json and `prettier` with `@paved/prettier-config` to the devDependencies (an install is needed).',
  fix({ files, needs }) {
    files.edit("package.json", (text) =>
      jsonAdd(text, "package.json", ["prettier"], "@paved/prettier-config"),
    );
    needs(["prettier", "@paved/prettier-config"]);
  },
});

/**
 * The format check for the repository's formatter: the one the audit finds configured (`dprint
 * check` in a dprint repository, whatever else it depends on), else Biome or Prettier as the
 * plan leaves the dependencies (the formatter fix may have just added Prettier).
 */
export const formatScript = (files: Workspace): string | undefined => {
  const configured = formatterOf(new Facts(files.index))?.tool.checkCommand;
  if (configured !== undefined) return configured === "biome ci" ? "biome ci ." : configured;
  const tools = dependencies(files, "package.json");
  if (tools.has("@biomejs/biome")) return "biome ci .";
  if (tools.has("prettier") || rootManifest(files)?.["prettier"] !== undefined)
    return "prettier --check .";
  return undefined;
};

export const lintConfigured = defineFixer({
  ruleId: "lint/linter-configured",
  how: "Writes `eslint.config.js` (`.mjs` outside ES-module packages) exporting `paved()` from `@paved/eslint-config` (type-aware, with `allowDefaultProject` for TypeScript files no tsconfig includes; without type information, saying why, where it could not parse them all), and adds `eslint` and the preset to the devDependencies (an install is needed).",
  fix({ files, project, needs }) {
    if (project.dir !== "")
      refuse("the root's ESLint config covers workspace packages; it is fixed at the root.");
    const module = rootManifest(files)?.["type"] === "module";
    // Type-aware where every TypeScript file can be parsed with type information; else the
    // preset without the type checker, with the reason, so that the linter runs at all.
    let call: string;
    let note = "// The lint station: the paved preset, type-aware. Add your own configs after it.";
    try {
      call = presetFor(files, "").esm.spread;
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      call = "paved({ tsconfigRootDir: import.meta.dirname, typeChecked: false })";
      // The reason names files: a line break in a name must not end the comment.
      const reason = error.message.replace(/[\r\n\u2028\u2029]/g, " ");
      note = `// The lint station: the paved preset, without type information for now: ${reason}`;
    }
    files.create(
      module ? "eslint.config.js" : "eslint.config.mjs",
      [note, 'import paved from "@paved/eslint-config";', "", `export default ${call};`, ""].join(
        "\n",
      ),
    );
    needs(["eslint", "@paved/eslint-config"]);
  },
});

/** The command a runner's `test` script runs. */
const runnerCommands: readonly [string, string][] = [
  ["vitest", "vitest run"],
  ["jest", "jest"],
  ["mocha", "mocha"],
  ["ava", "ava"],
  ["@playwright/test", "playwright test"],
  ["tap", "tap"],
  ["uvu", "uvu"],
];

/** The flag with which a runner passes where there is no test file yet (it fails without). */
const noTestsFlags: ReadonlyMap<string, string> = new Map([
  ["vitest", "--passWithNoTests"],
  ["jest", "--passWithNoTests"],
  ["@playwright/test", "--pass-with-no-tests"],
]);

export const testRunner = defineFixer({
  ruleId: "test/runner",
  how: "Sets up the runner the workspace already uses (a dependency of the root or of the project: Vitest, Jest, Mocha, …), else adds `vitest` to the devDependencies (an install is needed), with a `test` script where there is none; in a project with no test file yet, Vitest's and Jest's script passes with none (`--passWithNoTests`), since a runner without tests fails CI, and another runner is refused until a first test exists.",
  fix({ files, project, needs }) {
    const tools = toolsOf(files, project);
    const known = runnerCommands.find(([name]) => tools.has(name));
    const [runner, command] = known ?? ["vitest", "vitest run"];
    if (known === undefined) needs(["vitest"]);
    if (!project.manifest) return;
    let script = command;
    if (new Facts(files.index).of(testFiles, project).length === 0) {
      const flag = noTestsFlags.get(runner);
      if (flag === undefined)
        refuse(
          `${project.dir || "the project"} has no test file yet, and \`${command}\` fails without one: write a first test, then adopt again.`,
        );
      script = `${command} ${flag}`;
    }
    addScript(files, project, "test", script);
  },
});

export const testScript = defineFixer({
  ruleId: "test/script",
  how: "Sets the `test` script to the runner the project has (`vitest run`, `jest`, `mocha`, …) where it is missing or npm's placeholder.",
  fix({ files, project }) {
    const tools = toolsOf(files, project);
    const command = runnerCommands.find(([name]) => tools.has(name))?.[1];
    if (command === undefined)
      refuse("no test runner is among the dependencies; test/runner's fix adds Vitest.");
    const path = inProject(project, "package.json");
    files.edit(path, (text) => jsonSet(text, path, ["scripts", "test"], command));
  },
});
