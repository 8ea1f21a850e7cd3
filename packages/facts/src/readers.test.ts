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

describe("ciNodeVersions", () => {
  it("reads setup-node's versions, lists and matrices, and GitLab's node images, at their lines", async () => {
    const { Facts } = await import("./facts.js");
    const { ciNodeVersions } = await import("./catalogue.js");
    const { indexMemory } = await import("./repo/repo-index.js");
    const facts = new Facts(
      indexMemory({
        ".github/workflows/ci.yml": [
          "on: push",
          "jobs:",
          "  test:",
          "    runs-on: x",
          "    strategy:",
          "      matrix:",
          "        node: [18, 20.x]",
          "        include:",
          "          - node: 22.12.0",
          "    steps:",
          "      - uses: actions/setup-node@v5",
          "        with:",
          "          node-version: ${{ matrix.node }}",
          "      - uses: actions/setup-node@v5",
          "        with:",
          "          node-version: |",
          "            20",
          "            lts/*",
          "      - uses: actions/setup-node@v5",
          "        with:",
          "          node-version: ${{ inputs.node }}",
          "      - uses: someone/setup-node@v1",
          "        with:",
          "          node-version: 8",
          "",
        ].join("\n"),
        ".gitlab-ci.yml": "test:\n  image: node:20-alpine\n  script: [npm test]\n",
      }),
    );
    expect(facts.get(ciNodeVersions).map(({ path, line, value }) => [path, line, value])).toEqual([
      [".github/workflows/ci.yml", 11, "18"],
      [".github/workflows/ci.yml", 11, "20.x"],
      [".github/workflows/ci.yml", 11, "22.12.0"],
      [".github/workflows/ci.yml", 14, "20"],
      [".github/workflows/ci.yml", 14, "lts/*"],
      [".gitlab-ci.yml", 1, "20-alpine"],
    ]);
  });
});

describe("commands given to actions that run them", () => {
  it("reads nick-fields/retry's command, parallel-bash-commands' cmdN and actions-yarn's cmd, at their lines", async () => {
    const { Facts } = await import("./facts.js");
    const { ciCommands, ciStations } = await import("./catalogue.js");
    const { indexMemory } = await import("./repo/repo-index.js");
    const facts = new Facts(
      indexMemory({
        "package.json": JSON.stringify({
          scripts: { lint: "eslint .", test: "vitest run" },
        }),
        ".github/workflows/ci.yml": [
          "on: push",
          "jobs:",
          "  t:",
          "    runs-on: x",
          "    steps:",
          "      - uses: nick-fields/retry@v3",
          "        with:",
          "          timeout_minutes: 10",
          "          command: npm test",
          "      - uses: jameshenry/parallel-bash-commands@v1",
          "        with:",
          "          cmd1: npx tsc --noEmit",
          "          cmd2: npm run lint",
          "      - uses: borales/actions-yarn@v5",
          "        with:",
          "          cmd: prettier --check .",
          "      - uses: someone/else@v1",
          "        with:",
          "          command: npx eslint .",
          "",
        ].join("\n"),
      }),
    );
    expect(facts.get(ciCommands).map(({ line, value }) => [line, value])).toEqual([
      [9, "npm test"],
      [12, "npx tsc --noEmit"],
      [13, "npm run lint"],
      [16, "yarn prettier --check ."],
    ]);
    expect([...facts.get(ciStations).keys()].sort()).toEqual([
      "format",
      "lint",
      "test",
      "typecheck",
    ]);
  });
});
