import { describe, expect, it } from "vitest";
import { editDefaultOptions } from "./module.js";

const thresholds = (options: Record<string, unknown>) => {
  const test = (options["test"] ??= {}) as Record<string, unknown>;
  test["coverage"] = { thresholds: { lines: 80 } };
};

describe("editDefaultOptions keeps the file's layout", () => {
  it("keeps tabs in a tab-indented file, and its final line break", () => {
    const text =
      "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({\n\ttest: {\n\t\tinclude: ['tests/**/*.test.ts'],\n\t},\n});\n";
    const out = editDefaultOptions(text, "vitest.config.ts", thresholds);
    expect(out).toBe(
      "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({\n\ttest: {\n\t\tinclude: ['tests/**/*.test.ts'],\n\n\t\tcoverage: {\n\t\t\tthresholds: {\n\t\t\t\tlines: 80,\n\t\t\t},\n\t\t},\n\t},\n});\n",
    );
    // Every line's indentation is tabs alone.
    expect(out.split("\n").filter((line) => /^\s* /.test(line))).toEqual([]);
  });

  it("gives a template literal's lines back as they were", () => {
    const text = "export default {\n\ttest: {\n\t\tname: `a\n\t\t\tb`,\n\t},\n};\n";
    const out = editDefaultOptions(text, "vitest.config.ts", thresholds);
    expect(out).toContain("name: `a\n\t\t\tb`,");
  });

  it("leaves a space-indented file's indentation, and keeps its final line break", () => {
    const text = "export default {\n  test: {\n    include: ['a'],\n  },\n};\n";
    const out = editDefaultOptions(text, "vitest.config.ts", thresholds);
    expect(out).toBe(
      "export default {\n  test: {\n    include: ['a'],\n\n    coverage: {\n      thresholds: {\n        lines: 80,\n      },\n    },\n  },\n};\n",
    );
  });
});
