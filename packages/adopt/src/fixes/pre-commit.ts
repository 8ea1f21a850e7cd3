import { jsonAdd } from "../edit/json.js";
import { Facts, formatterOf, linterOf } from "@paved/facts";
import { formatters, linters, type Tool } from "@paved/stations";
import { defineFixer, refuse, type FixContext } from "../fix.js";

const lintStagedFiles = [
  ".lintstagedrc",
  ".lintstagedrc.json",
  ".lintstagedrc.yaml",
  ".lintstagedrc.yml",
  ".lintstagedrc.js",
  ".lintstagedrc.mjs",
  ".lintstagedrc.cjs",
  "lint-staged.config.js",
  "lint-staged.config.mjs",
  "lint-staged.config.cjs",
  "lint-staged.config.ts",
];

/**
 * The linter and the formatter the root has: the ones the audit finds configured (a dprint
 * repository that also depends on Prettier formats with dprint), else a dependency of the
 * root or a config file.
 */
function ownTools(context: Pick<FixContext, "index" | "projects">): {
  linter?: Tool;
  formatter?: Tool;
} {
  const facts = new Facts(context.index);
  const root = context.projects[0]?.manifest;
  const deps = { ...root?.dependencies, ...root?.devDependencies };
  const has = (tool: Tool) =>
    tool.packages.some((name) => name in deps) ||
    (tool.configFiles !== undefined && context.index.first(tool.configFiles) !== undefined);
  const linter = linterOf(facts)?.tool ?? linters.find(has);
  const formatter = formatterOf(facts)?.tool ?? formatters.find(has);
  return { ...(linter ? { linter } : {}), ...(formatter ? { formatter } : {}) };
}

const scripts = "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}";

/**
 * The lint-staged config for the repository's own tools: the Paved preset (ESLint --fix, then
 * Prettier) where those are its tools or it has none yet; Prettier or ESLint alone where it has
 * only that one; Biome's `check --write` where Biome lints or formats and nothing else does.
 * Other tools are refused: a preset that runs ESLint in a repository without it fails every commit.
 */
function lintStagedConfig(context: Pick<FixContext, "index" | "projects">): {
  text: string;
  needs: string[];
} {
  const { linter, formatter } = ownTools(context);
  const ids = new Set([linter?.id, formatter?.id].filter((id) => id !== undefined));
  const only = (...allowed: string[]) => [...ids].every((id) => allowed.includes(id));
  const config = (what: string, tasks: Record<string, string>) => ({
    text: `// The pre-commit station: ${what} on the staged files.\nexport default ${JSON.stringify(tasks, null, 2)};\n`,
    needs: ["lint-staged"],
  });
  if (ids.size === 0 || (ids.has("eslint") && ids.has("prettier") && only("eslint", "prettier")))
    return {
      text: '// The pre-commit station: ESLint --fix and Prettier on the staged files.\nexport { default } from "@paved/lint-staged-config";\n',
      needs: ["lint-staged", "@paved/lint-staged-config"],
    };
  if (only("prettier")) return config("Prettier", { "*": "prettier --write --ignore-unknown" });
  if (only("eslint")) return config("ESLint --fix", { [scripts]: "eslint --fix" });
  if (only("biome"))
    return config("Biome", {
      "*": "biome check --write --no-errors-on-unmatched --files-ignore-unknown=true",
    });
  const named = [linter, formatter]
    .flatMap((tool) => (tool === undefined ? [] : [tool.title]))
    .filter((title, i, all) => all.indexOf(title) === i);
  return refuse(
    `the repository lints and formats with ${named.join(" and ")}: give lint-staged their commands by hand (the Paved preset runs ESLint and Prettier).`,
  );
}

/** lint-staged for the repository's tools, where nothing configures lint-staged yet. */
function ensureLintStaged(context: FixContext): void {
  const { files, needs } = context;
  if (files.first(lintStagedFiles) !== undefined) return;
  if ((files.read("package.json") ?? "").includes('"lint-staged":')) return;
  const config = lintStagedConfig(context);
  files.create("lint-staged.config.mjs", config.text);
  needs(config.needs);
}

export const hookManager = defineFixer({
  ruleId: "pre-commit/hook-manager",
  how: "Sets up husky (as `husky init` does, without running it): `.husky/pre-commit` running lint-staged through the repository's package manager (with lint-staged and its preset where none is configured), a `prepare` script `husky`, and `husky` in the devDependencies (an install is needed).",
  fix(context) {
    const { files, manager, needs } = context;
    if (files.first(["lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".pre-commit-config.yaml"]))
      refuse("another hook manager is configured: add its pre-commit hook there.");
    files.create(
      ".husky/pre-commit",
      `# The pre-commit station: lint and format the staged files. HUSKY=0 skips it.\n${manager.manager.exec("lint-staged")}\n`,
    );
    files.edit("package.json", (text) =>
      jsonAdd(text, "package.json", ["scripts", "prepare"], "husky"),
    );
    needs(["husky"]);
    // The hook runs lint-staged: without its config, every commit would fail.
    ensureLintStaged(context);
  },
});

export const stagedChecks = defineFixer({
  ruleId: "pre-commit/staged-checks",
  how: "Adds `lint-staged.config.mjs` for the repository's own tools: re-exporting `@paved/lint-staged-config` (ESLint --fix, then Prettier) where those are its tools or it has none yet, Prettier or ESLint alone where it has only that one, Biome's `check --write` where Biome is its linter and formatter; other tools are refused, to be configured by hand. `lint-staged` (and the preset) go to the devDependencies (an install is needed); a husky hook that does not run lint-staged gets the line that does.",
  fix(context) {
    const { files, manager } = context;
    const hook = ".husky/pre-commit";
    if (!files.has(hook) && files.first(["lefthook.yml", ".lefthook.yml"]))
      refuse("lefthook runs the hooks: add a lint-staged command to its pre-commit by hand.");
    ensureLintStaged(context);
    const text = files.read(hook);
    if (text === undefined)
      refuse("no husky pre-commit hook: pre-commit/hook-manager's fix adds one.");
    if (!/lint-staged|nano-staged/.test(text)) {
      const eol = text.endsWith("\n") || text === "" ? "" : "\n";
      files.write(hook, `${text}${eol}${manager.manager.exec("lint-staged")}\n`);
    }
  },
});
