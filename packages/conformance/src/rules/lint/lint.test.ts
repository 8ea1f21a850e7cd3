import { describe, expect, it } from "vitest";
import { manifest, outcomes } from "../rule-tester.js";
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
