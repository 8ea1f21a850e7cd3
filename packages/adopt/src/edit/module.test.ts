import { describe, expect, it } from "vitest";
import { EditError } from "./error.js";
import { composeDefaultExport, editDefaultOptions } from "./module.js";

describe("JS/TS module edits", () => {
  it("compose a flat config with the preset in two splices, everything else kept byte for byte", () => {
    const before = [
      "// our lint config",
      "import js from '@eslint/js'",
      "import tseslint from 'typescript-eslint'",
      "",
      "export default tseslint.config(js.configs.recommended,   { rules: { 'no-console': 'off' } })",
      "",
    ].join("\n");
    const after = composeDefaultExport(
      before,
      "eslint.config.js",
      'import paved from "@paved/eslint-config";',
      "paved()",
    );
    expect(after).toBe(
      [
        "// our lint config",
        "import js from '@eslint/js'",
        "import tseslint from 'typescript-eslint'",
        'import paved from "@paved/eslint-config";',
        "",
        "export default [...paved(), ...(tseslint.config(js.configs.recommended,   { rules: { 'no-console': 'off' } }))]",
        "",
      ].join("\n"),
    );
  });

  it("refuse a module without a default export, or that does not parse", () => {
    expect(() =>
      composeDefaultExport("module.exports = []\n", "eslint.config.js", "", "p()"),
    ).toThrow(/no `export default`/);
    expect(() => composeDefaultExport("export default [\n", "eslint.config.js", "", "p()")).toThrow(
      EditError,
    );
  });

  it("set Vitest's coverage thresholds keeping the file's comments and other options", () => {
    const before = [
      "import { defineConfig } from 'vitest/config' // no semicolons here",
      "",
      "export default defineConfig({",
      "  // plugins first",
      "  plugins: [],",
      "  test: { environment: 'node' },",
      "})",
      "",
    ].join("\n");
    const after = editDefaultOptions(before, "vitest.config.ts", (options) => {
      const test = options["test"] as Record<string, unknown>;
      test["coverage"] = { thresholds: { lines: 80 } };
    });
    expect(after).toContain("import { defineConfig } from 'vitest/config' // no semicolons here");
    expect(after).toContain("  // plugins first\n  plugins: [],");
    expect(after).toContain("environment: 'node'");
    expect(after).toMatch(/thresholds: \{\s*lines: 80/);
    expect(() =>
      editDefaultOptions("export default make()\n", "vitest.config.ts", () => undefined),
    ).toThrow(EditError);
  });
});
