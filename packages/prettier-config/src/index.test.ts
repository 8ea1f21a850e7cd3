import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import config from "./index.js";

const project = join(import.meta.dirname, "__fixtures__", "project");
const messyPath = join(project, "messy.ts");

describe("@paved/prettier-config", () => {
  it("formats a messy fixture into the reviewed output", async () => {
    const messy = await readFile(messyPath, "utf8");
    const expected = await readFile(join(project, "messy.formatted.ts"), "utf8");
    const formatted = await prettier.format(messy, { ...config, filepath: messyPath });
    expect(formatted).toBe(expected);
    expect(await prettier.check(expected, { ...config, filepath: messyPath })).toBe(true);
  });

  it("differs from bare Prettier where it sets something: the 100-column line", async () => {
    const expected = await readFile(join(project, "messy.formatted.ts"), "utf8");
    expect(await prettier.check(expected, { filepath: messyPath })).toBe(false);
    expect(Math.max(...expected.split("\n").map((line) => line.length))).toBeGreaterThan(80);
  });

  it("writes no trailing commas into JSONC files, where bare Prettier would", async () => {
    const source =
      '{"types": ["node", "vitest/globals", "a-type-package-with-a-name-long-enough-to-wrap-the-line"]}';
    const paved = await prettier.format(source, { ...config, filepath: "settings.jsonc" });
    const bare = await prettier.format(source, { filepath: "settings.jsonc" });
    expect(paved).not.toMatch(/,\s*[\]}]/);
    expect(bare).toMatch(/,\s*[\]}]/);
  });

  it('is found through package.json\'s "prettier" key, as adopters wire it', async () => {
    const resolved = await prettier.resolveConfig(messyPath, { editorconfig: false });
    expect(resolved).toMatchObject({ printWidth: 100, trailingComma: "all", endOfLine: "lf" });
  });
});
