import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import config from "./index.js";

const project = join(import.meta.dirname, "__fixtures__", "project");

describe("@paved/prettier-config", () => {
  it("formats a messy fixture into the reviewed output", async () => {
    const messy = await readFile(join(project, "messy.ts"), "utf8");
    const expected = await readFile(join(project, "messy.formatted.ts"), "utf8");
    const formatted = await prettier.format(messy, {
      ...config,
      filepath: join(project, "messy.ts"),
    });
    expect(formatted).toBe(expected);
    expect(await prettier.check(expected, { ...config, filepath: join(project, "messy.ts") })).toBe(
      true,
    );
  });

  it('is found through package.json\'s "prettier" key, as adopters wire it', async () => {
    const resolved = await prettier.resolveConfig(join(project, "messy.ts"), {
      editorconfig: false,
    });
    expect(resolved).toMatchObject({ printWidth: 100, trailingComma: "all", endOfLine: "lf" });
  });

  it("keeps Markdown prose as written", async () => {
    const prose =
      "A line of prose that is deliberately longer than one hundred columns, so that wrapping would show up in the diff.\n";
    const formatted = await prettier.format(prose, { ...config, filepath: "README.md" });
    expect(formatted).toBe(prose);
  });
});
