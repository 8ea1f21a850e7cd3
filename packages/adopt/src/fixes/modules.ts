import { vitestConfigFiles } from "@paved/stations";
import { jsonAdd } from "../edit/json.js";
import { composeDefaultExport, editDefaultOptions } from "../edit/module.js";
import { defineFixer, inProject, refuse } from "../fix.js";

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
  how: "Composes the repository's ESLint flat config with the Paved preset: `export default X` becomes `export default [...paved({ tsconfigRootDir: import.meta.dirname }), ...(X)]`, so the repository's own configs come after the preset and win; `@paved/eslint-config` joins the devDependencies (an install is needed).",
  fix({ files, findings, needs }) {
    const path = findings.flatMap((finding) => finding.location?.path ?? [])[0];
    if (path === undefined || !flatConfigs.some((name) => path.endsWith(name)))
      refuse("no ESLint flat config: lint/linter-configured's fix writes one with the preset.");
    if (path.endsWith(".cjs") || path.endsWith(".cts"))
      refuse(`${path} is CommonJS: compose it with @paved/eslint-config by hand.`);
    files.edit(path, (text) =>
      composeDefaultExport(
        text,
        path,
        'import paved from "@paved/eslint-config";',
        "paved({ tsconfigRootDir: import.meta.dirname })",
      ),
    );
    needs(["@paved/eslint-config"]);
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
