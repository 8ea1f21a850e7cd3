import { jsonAdd } from "../edit/json.js";
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

/** lint-staged with the Paved preset, where nothing configures lint-staged yet. */
function ensureLintStaged(files: FixContext["files"], needs: FixContext["needs"]): void {
  if (files.first(lintStagedFiles) !== undefined) return;
  if ((files.read("package.json") ?? "").includes('"lint-staged":')) return;
  files.create(
    "lint-staged.config.mjs",
    '// The pre-commit station: ESLint --fix and Prettier on the staged files.\nexport { default } from "@paved/lint-staged-config";\n',
  );
  needs(["lint-staged", "@paved/lint-staged-config"]);
}

export const hookManager = defineFixer({
  ruleId: "pre-commit/hook-manager",
  how: "Sets up husky (as `husky init` does, without running it): `.husky/pre-commit` running lint-staged through the repository's package manager (with lint-staged and its preset where none is configured), a `prepare` script `husky`, and `husky` in the devDependencies (an install is needed).",
  fix({ files, manager, needs }) {
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
    ensureLintStaged(files, needs);
  },
});

export const stagedChecks = defineFixer({
  ruleId: "pre-commit/staged-checks",
  how: "Adds `lint-staged.config.mjs` re-exporting `@paved/lint-staged-config` (ESLint --fix, then Prettier, on the staged files) and `lint-staged` with the preset to the devDependencies (an install is needed); a husky hook that does not run lint-staged gets the line that does.",
  fix({ files, manager, needs }) {
    const hook = ".husky/pre-commit";
    if (!files.has(hook) && files.first(["lefthook.yml", ".lefthook.yml"]))
      refuse("lefthook runs the hooks: add a lint-staged command to its pre-commit by hand.");
    ensureLintStaged(files, needs);
    const text = files.read(hook);
    if (text === undefined)
      refuse("no husky pre-commit hook: pre-commit/hook-manager's fix adds one.");
    if (!/lint-staged|nano-staged/.test(text)) {
      const eol = text.endsWith("\n") || text === "" ? "" : "\n";
      files.write(hook, `${text}${eol}${manager.manager.exec("lint-staged")}\n`);
    }
  },
});
