import { describe, expect, it } from "vitest";
import { EditError } from "./error.js";
import { composeDefaultExport, composeFlatConfig, editDefaultOptions } from "./module.js";

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

  it("compose a CommonJS flat config: the require after the last top-level one, the export wrapped", () => {
    const preset = {
      esm: { line: 'import paved from "@paved/eslint-config";', spread: "paved()" },
      commonJs: {
        line: 'const { paved } = require("@paved/eslint-config");',
        spread: "paved(__dirname)",
      },
    };
    const before = [
      '"use strict";',
      "// ours",
      'const js = require("@eslint/js");',
      "",
      "module.exports = [js.configs.recommended,  { rules: {} }];",
      "",
    ].join("\n");
    expect(composeFlatConfig(before, "eslint.config.cjs", preset)).toBe(
      [
        '"use strict";',
        "// ours",
        'const js = require("@eslint/js");',
        'const { paved } = require("@paved/eslint-config");',
        "",
        "module.exports = [...paved(__dirname), ...([js.configs.recommended,  { rules: {} }])];",
        "",
      ].join("\n"),
    );
    expect(composeFlatConfig('"use strict";\nmodule.exports = [];\n', "a.cjs", preset)).toBe(
      '"use strict";\nconst { paved } = require("@paved/eslint-config");\nmodule.exports = [...paved(__dirname), ...([])];\n',
    );
    expect(composeFlatConfig("export default [];\n", "a.mjs", preset)).toBe(
      'import paved from "@paved/eslint-config";\n\nexport default [...paved(), ...([])];\n',
    );
    expect(() => composeFlatConfig("const a = [];\n", "a.js", preset)).toThrow(
      /no `export default` or `module.exports =`/,
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
