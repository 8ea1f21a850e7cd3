import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import linterConfigured from "./linter-configured.js";
import typeAware from "./type-aware.js";

describe("lint/linter-configured", () => {
  it.each([
    ["a flat config", "eslint.config.mjs"],
    ["a legacy config", ".eslintrc.json"],
    ["oxlint", ".oxlintrc.json"],
    ["Biome", "biome.jsonc"],
  ])("passes with %s", (_, file) => {
    expect(outcomes(linterConfigured, { "package.json": manifest({}), [file]: "{}" })).toEqual([
      "pass",
    ]);
  });

  it("fails without any linter", () => {
    expect(outcomes(linterConfigured, { "package.json": manifest({}) })).toEqual(["fail"]);
  });
});

describe("lint/type-aware", () => {
  const ts = { "package.json": manifest({}), "src/index.ts": "export const a = 1;\n" };

  it("passes for the Paved preset and for projectService, read as text without running the config", () => {
    expect(
      outcomes(typeAware, {
        ...ts,
        "eslint.config.js": 'import paved from "@paved/eslint-config";\nexport default paved();\n',
      }),
    ).toEqual(["pass"]);
    const tseslint =
      "export default tseslint.config(tseslint.configs.strictTypeChecked, { languageOptions: { parserOptions: { projectService: true } } });";
    expect(outcomes(typeAware, { ...ts, "eslint.config.mjs": tseslint })).toEqual(["pass"]);
  });

  it("reads imports and keys from the syntax tree, not from comments or strings", () => {
    const commented =
      '// import paved from "@paved/eslint-config"; projectService: true\nexport default [{ rules: { "no-console": "off" } }];\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": commented })).toEqual(["fail"]);
    const required = 'const paved = require("@paved/eslint-config");\nmodule.exports = paved();\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.cjs": required })).toEqual(["pass"]);
    const typed =
      'import tseslint from "typescript-eslint";\nexport default tseslint.config(...tseslint.configs.recommendedTypeChecked satisfies unknown[]);\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.ts": typed })).toEqual(["pass"]);
  });

  it("is not evaluated, naming the file and line, for a config that does not parse", () => {
    const [verdict] =
      runRule(typeAware, { ...ts, "eslint.config.js": "export default [\n  {\n];\n" }).get(".") ??
      [];
    expect(verdict?.outcome).toBe("not-evaluated");
    expect(verdict?.reason).toMatch(
      /^eslint\.config\.js: cannot be parsed at line 3 \("\]" does not close the "\{" of line 2\)/,
    );
  });

  it("fails for a config without type information", () => {
    expect(
      outcomes(typeAware, {
        ...ts,
        "eslint.config.js": "export default [js.configs.recommended];",
      }),
    ).toEqual(["fail"]);
  });

  it("does not apply to JavaScript-only projects", () => {
    expect(
      outcomes(typeAware, { "package.json": manifest({}), "index.js": "", "eslint.config.js": "" }),
    ).toEqual(["not-applicable"]);
  });
});

describe("lint/linter-configured: the linters of @paved/stations", () => {
  it.each([
    ["oxlint.config.ts", { "oxlint.config.ts": "export default {}" }],
    ["xo's package.json key", { "package.json": manifest({ xo: { space: true } }) }],
    [
      "xo with no config, called by a script",
      { "package.json": manifest({ scripts: { test: "xo && ava" } }) },
    ],
    [
      "standard called by a script",
      { "package.json": manifest({ scripts: { lint: "standard" } }) },
    ],
    [
      "deno lint called by a script",
      {
        "package.json": manifest({ scripts: { "lint:deno": "deno lint --config=deno.lint.json" } }),
      },
    ],
  ])("passes with %s", (_, files) => {
    expect(outcomes(linterConfigured, { "package.json": manifest({}), ...files })).toEqual([
      "pass",
    ]);
  });

  it("does not take deno.json, which configures much else, for deno lint", () => {
    expect(outcomes(linterConfigured, { "package.json": manifest({}), "deno.json": "{}" })).toEqual(
      ["fail"],
    );
  });
});

describe("lint/type-aware reads the config's structure", () => {
  const ts = { "package.json": manifest({}), "src/index.ts": "export const a = 1;\n" };

  it("fails for the Paved preset with typeChecked: false", () => {
    const config =
      'import paved from "@paved/eslint-config";\nexport default paved({ typeChecked: false });\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": config })).toEqual(["fail"]);
  });

  it("fails for parserOptions and project that are not one inside the other, or switched off", () => {
    const apart =
      'export default [{ languageOptions: { parserOptions: { ecmaVersion: 2022 } } }, { settings: { project: "./tsconfig.json" } }];\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": apart })).toEqual(["fail"]);
    const off = "export default [{ languageOptions: { parserOptions: { project: false } } }];\n";
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": off })).toEqual(["fail"]);
    const noService =
      "export default [{ languageOptions: { parserOptions: { projectService: false } } }];\n";
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": noService })).toEqual(["fail"]);
  });

  it("passes for parserOptions.project set, and for oxlint --type-aware run by a script", () => {
    const on =
      'export default [{ languageOptions: { parserOptions: { project: "./tsconfig.json" } } }];\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": on })).toEqual(["pass"]);
    const oxlint = {
      "package.json": manifest({ scripts: { lint: "oxlint --type-aware" } }),
      "src/index.ts": "export const a = 1;\n",
    };
    expect(outcomes(typeAware, oxlint)).toEqual(["pass"]);
  });

  it("tells an oxlint repository to run oxlint --type-aware, with its own package manager", () => {
    const files = {
      "package.json": manifest({ packageManager: "pnpm@10.0.0", scripts: { lint: "oxlint" } }),
      ".oxlintrc.json": "{}",
      "src/index.ts": "export const a = 1;\n",
    };
    const [verdict] = runRule(typeAware, files).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.remediation).toContain("pnpm exec oxlint --type-aware");
  });
});

describe("lint/linter-configured: a linter's own repository", () => {
  it("counts standard's bin, run by its own scripts, as standard", () => {
    const named = (name: string) => ({
      "package.json": manifest({
        name,
        bin: { standard: "./bin/cmd.cjs" },
        scripts: { "test-internal": "./bin/cmd.cjs --verbose && tape test/*.js" },
      }),
    });
    expect(outcomes(linterConfigured, named("standard"))).toEqual(["pass"]);
    // Another package's bin of the same name is not standard.
    expect(outcomes(linterConfigured, named("other"))).toEqual(["fail"]);
  });
});
