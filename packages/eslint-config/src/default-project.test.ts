import { ESLint } from "eslint";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { paved } from "./index.js";

// A file of its own: typescript-eslint creates one project service per process, with the
// options of the first lint, so this one must not share a process with index.test.ts.
const project = join(import.meta.dirname, "__fixtures__", "project");

describe("paved({ allowDefaultProject })", () => {
  it("lints a file no tsconfig includes with type information from the default project", async () => {
    const eslint = new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: paved({
        tsconfigRootDir: project,
        allowDefaultProject: ["vitest.config.ts"],
      }),
    });
    const [config] = await eslint.lintFiles([join(project, "vitest.config.ts")]);
    expect(config?.messages).toEqual([]);
    // Type-aware rules run there: a floating promise is reported.
    const [text] = await eslint.lintText("export async function f() {}\nvoid 0;\nf();\n", {
      filePath: join(project, "vitest.config.ts"),
    });
    expect(text?.messages.map((message) => message.ruleId)).toContain(
      "@typescript-eslint/no-floating-promises",
    );
  });
});
