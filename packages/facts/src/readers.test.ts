import { describe, expect, it } from "vitest";
import { readPavedConfig } from "./paved-config.js";
import { declaresWorkspace, readWorkspace } from "./workspace.js";

describe("readWorkspace", () => {
  it("takes pnpm's packages first, then npm's and yarn's workspaces, strings only", () => {
    expect(readWorkspace({ packages: ["packages/*", 3] }, { workspaces: ["x"] })).toEqual({
      manager: "pnpm",
      file: "pnpm-workspace.yaml",
      globs: ["packages/*"],
    });
    expect(readWorkspace(undefined, { workspaces: { packages: ["apps/*"] } })?.globs).toEqual([
      "apps/*",
    ]);
    expect(readWorkspace({ catalog: {} }, { workspaces: ["libs/*"] })?.globs).toEqual(["libs/*"]);
    expect(readWorkspace({ catalog: {} }, {})).toEqual({
      manager: "pnpm",
      file: "pnpm-workspace.yaml",
      globs: [],
    });
    expect(readWorkspace(undefined, { name: "single" })).toBeUndefined();
  });

  it("tells a workspace root by its files, a broken package.json being none", () => {
    const files = (entries: Record<string, string>) => (path: string) => entries[path];
    expect(declaresWorkspace(files({ "pnpm-workspace.yaml": "" }))).toBe(true);
    expect(declaresWorkspace(files({ "package.json": '{"workspaces":["a/*"]}' }))).toBe(true);
    expect(declaresWorkspace(files({ "package.json": '{"name":"a"}' }))).toBe(false);
    expect(declaresWorkspace(files({ "package.json": "{ nope" }))).toBe(false);
  });
});

describe("readPavedConfig", () => {
  it("reads JSON with comments and a BOM, and names the file and line of an error", () => {
    expect(
      readPavedConfig('\uFEFF{\n  // ours\n  "minScore": 80,\n}', "paved.config.json"),
    ).toEqual({
      ok: true,
      value: { minScore: 80 },
    });
    expect(readPavedConfig('{\n  "rules": ', "paved.config.json")).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^paved\.config\.json: invalid JSON at line 2 /) as string,
    });
  });

  it("refuses a prototype key, naming its line", () => {
    expect(readPavedConfig('{\n  "waivers": [{ "__proto__": {} }]\n}', "x.json")).toEqual({
      ok: false,
      problem:
        'x.json: "__proto__" at line 2 is not a setting and could change how every setting is read; remove it',
    });
  });
});
