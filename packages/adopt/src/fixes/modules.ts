import { vitestConfigFiles } from "@paved/stations";
import { jsonAdd } from "../edit/json.js";
import { composeFlatConfig, editDefaultOptions } from "../edit/module.js";
import { defineFixer, inProject, refuse } from "../fix.js";
import { alignWithPreset, migrateEslintrc, presetFor, presetName } from "./eslintrc.js";

const flatConfigs = [
  "eslint.config.js",
  "eslint.config.mjs",
  "eslint.config.ts",
  "eslint.config.mts",
  "eslint.config.cjs",
  "eslint.config.cts",
];

export const typeAware = defineFixer({
  ruleId: "lint/type-aware",
  how: "Composes the repository's ESLint flat config with the Paved preset: `export default X` becomes `export default [...paved({ tsconfigRootDir: import.meta.dirname }), ...(X)]` (CommonJS: `module.exports = [...]`, with `require`), so the repository's own configs come after the preset and win; TypeScript files that no tsconfig includes (a root `vitest.config.ts`), which type-aware linting cannot parse, are given the default project (`allowDefaultProject`, up to eight; with more, or no tsconfig.json at all, the fix is refused with the files to include). A legacy config that is data (`.eslintrc.json`, `.eslintrc.yaml`/`.yml`, `.eslintrc`, package.json's `eslintConfig`) is first migrated to `eslint.config.mjs` by ESLint's own migrator, @eslint/migrate-config (`.eslintignore`, else package.json's `eslintIgnore`, as global ignores; those package.json keys are removed, a legacy file left for you to delete); a `.eslintrc.js`/`.cjs` is migrated as text by the migrator's parser, never run (CommonJS becomes `eslint.config.cjs`). `@paved/eslint-config` and what the migrated config imports join the devDependencies, an `eslint` older than 10 is raised, and typescript-eslint's plugin and parser are set to the preset's version, as ESLint refuses two copies of one plugin (an install is needed).",
  fix(context) {
    const { files, findings, needs } = context;
    const path = findings.flatMap((finding) => finding.location?.path ?? [])[0];
    if (path === undefined) {
      migrateEslintrc(context);
      return;
    }
    if (!flatConfigs.some((name) => path.endsWith(name)))
      refuse("no ESLint flat config: lint/linter-configured's fix writes one with the preset.");
    if (path.endsWith(".cts"))
      refuse(`${path} is CommonJS TypeScript: compose it with @paved/eslint-config by hand.`);
    if (files.original(path)?.includes(presetName))
      refuse(`${path} uses the preset already: switch its type-aware rules on by hand.`);
    // A root config that several projects share is composed once, by the first one's fix.
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    files.edit(path, (text) =>
      text.includes(presetName) ? text : composeFlatConfig(text, path, presetFor(files, dir)),
    );
    needs(["@paved/eslint-config"]);
    // The preset runs on ESLint 10, with one copy of typescript-eslint.
    alignWithPreset(files);
  },
});

/** The thresholds the road's templates set: a floor that stops erosion, not a target. */
const thresholds = { lines: 80, functions: 80, branches: 80, statements: 80 };

export const coverageThreshold = defineFixer({
  ruleId: "test/coverage-threshold",
  how: "Sets coverage thresholds (80 % of lines, functions, branches and statements): `test.coverage.thresholds` in the Vitest config (edited with magicast, the rest of the file kept), `coverageThreshold.global` in package.json's or jest.config.json's Jest config, or a new `vitest.config.ts` for a Vitest project without one.",
  fix({ files, project }) {
    const config = [
      ...vitestConfigFiles.map((name) => inProject(project, name)),
      ...vitestConfigFiles,
    ].find((path) => files.has(path));
    if (config !== undefined) {
      files.edit(config, (text) =>
        editDefaultOptions(text, config, (options) => {
          // Read back after assigning: magicast hands out a proxy of the new node, not the object.
          options["test"] ??= {};
          const test = options["test"] as Record<string, unknown>;
          test["coverage"] ??= {};
          (test["coverage"] as Record<string, unknown>)["thresholds"] = { ...thresholds };
        }),
      );
      return;
    }
    const manifestPath = inProject(project, "package.json");
    const manifest = files.read(manifestPath) ?? "";
    const jestJson = inProject(project, "jest.config.json");
    if (files.has(jestJson)) {
      files.edit(jestJson, (text) =>
        jsonAdd(text, jestJson, ["coverageThreshold", "global"], thresholds),
      );
      return;
    }
    if (project.manifest?.["jest"] !== undefined) {
      files.edit(manifestPath, (text) =>
        jsonAdd(text, manifestPath, ["jest", "coverageThreshold", "global"], thresholds),
      );
      return;
    }
    if (!manifest.includes('"vitest"'))
      refuse(
        "the runner's config is code Paved does not edit (Jest in JS, Mocha with c8): set its threshold by hand.",
      );
    files.create(
      inProject(project, "vitest.config.ts"),
      [
        'import { defineConfig } from "vitest/config";',
        "",
        "export default defineConfig({",
        "  test: {",
        "    coverage: {",
        "      thresholds: { lines: 80, functions: 80, branches: 80, statements: 80 },",
        "    },",
        "  },",
        "});",
        "",
      ].join("\n"),
    );
  },
});
