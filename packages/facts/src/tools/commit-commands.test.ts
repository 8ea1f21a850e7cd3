import { describe, expect, it } from "vitest";
import { Facts } from "../facts.js";
import { indexMemory } from "../repo/repo-index.js";
import { callsOnCommit, commitCommands } from "./commit-commands.js";

const read = (files: Record<string, string>) => {
  const facts = new Facts(indexMemory(files));
  return { found: facts.get(commitCommands), calls: callsOnCommit(facts) };
};
const values = (commands: { value: string; line: number | undefined }[] | undefined) =>
  commands?.map((command) => [command.value, command.line]);

describe("commitCommands", () => {
  it("reads husky's hook line by line, and lint-staged's commands when the hook runs it", () => {
    const { found, calls } = read({
      "package.json": JSON.stringify({ scripts: { staged: "lint-staged" } }),
      ".husky/pre-commit": "# checks\n\nnpm run staged\n",
      ".lintstagedrc.yaml": "'*.ts':\n  - eslint --fix\n'*.md': prettier --write\n",
    });
    expect(values(found?.commands)).toEqual([["npm run staged", 3]]);
    expect(found?.staged).toMatchObject({ path: ".lintstagedrc.yaml", run: true });
    expect(values(found?.staged?.commands)).toEqual([
      ["eslint --fix", 2],
      ["prettier --write", 3],
    ]);
    expect(calls.map(({ call }) => `${call.station}/${call.tool.id}`)).toContain("lint/eslint");
  });

  it("leaves lint-staged's commands out when the hook does not run it", () => {
    const { found, calls } = read({
      ".husky/pre-commit": "npm test\n",
      "package.json": JSON.stringify({ "lint-staged": { "*.js": "eslint" } }),
    });
    expect(found?.staged).toMatchObject({ path: "package.json", run: false });
    expect(calls).toEqual([]);
  });

  it("reads hooks kept in package.json, lefthook's commands and jobs, and the pre-commit framework's hooks", () => {
    const manifest = read({
      "package.json": JSON.stringify({ "simple-git-hooks": { "pre-commit": "npx xo" } }),
    });
    expect(values(manifest.found?.commands)).toEqual([["npx xo", undefined]]);
    const lefthook = read({
      "lefthook.yml":
        "pre-commit:\n  commands:\n    lint:\n      run: oxlint\n  jobs:\n    - run: biome ci\n",
    });
    expect(values(lefthook.found?.commands)).toEqual([
      ["oxlint", 4],
      ["biome ci", 6],
    ]);
    const framework = read({
      ".pre-commit-config.yaml":
        "repos:\n  - repo: local\n    hooks:\n      - id: lint\n        entry: npx eslint\n      - id: eslint\n",
    });
    expect(values(framework.found?.commands)).toEqual([
      ["npx eslint", 5],
      ["eslint", 6],
    ]);
  });

  it("reads a JavaScript config as tokens, and names what it could not read", () => {
    const hooks = read({
      "simple-git-hooks.js": 'module.exports = { "pre-commit": "npx lint-staged" };\n',
      "lint-staged.config.js": 'export default { "*.ts": ["eslint --fix"] };\n',
    });
    expect(values(hooks.found?.commands)).toEqual([["npx lint-staged", undefined]]);
    expect(hooks.found?.staged?.commands.map((command) => command.value)).toContain("eslint --fix");
    const broken = read({ "lefthook.toml": "[pre-commit]\n", ".husky/pre-commit": "\0" });
    expect(broken.found?.problems[0]?.path).toBe(".husky/pre-commit");
    expect(read({ "lefthook.toml": "x" }).found?.problems).toEqual([
      { path: "lefthook.toml", problem: "a TOML config is not read" },
    ]);
    expect(read({ "package.json": "{}" }).found).toBeUndefined();
  });
});
