import { describe, expect, it } from "vitest";
import { Facts } from "../facts.js";
import { indexMemory } from "../repo/repo-index.js";
import { callsOnCommit, commitCommands } from "./commit-commands.js";

const facts = (files: Record<string, string>) => new Facts(indexMemory(files));
const manifest = (fields: Record<string, unknown>) => JSON.stringify(fields, null, 2);
const values = (files: Record<string, string>) => {
  const found = facts(files).get(commitCommands);
  return {
    manager: found?.hook.manager.id,
    commands: found?.commands.map((command) => command.value),
    staged: found?.staged?.commands.map((command) => command.value),
    run: found?.staged?.run,
  };
};

describe("commit-commands: what runs before each commit", () => {
  it("reads husky's script line by line, at each line, and lint-staged's JSON config", () => {
    const files = {
      "package.json": manifest({}),
      ".husky/pre-commit": "#!/bin/sh\n# format first\n\npnpm exec lint-staged\n",
      ".lintstagedrc.json":
        '{\n  "*.ts": ["eslint --fix", "prettier --write"],\n  "*.md": "prettier --write"\n}\n',
    };
    const found = facts(files).get(commitCommands);
    expect(found?.commands).toEqual([
      { path: ".husky/pre-commit", line: 4, value: "pnpm exec lint-staged" },
    ]);
    expect(found?.staged).toMatchObject({ path: ".lintstagedrc.json", run: true });
    expect(found?.staged?.commands.map((command) => [command.value, command.line])).toEqual([
      ["eslint --fix", undefined],
      ["prettier --write", undefined],
      ["prettier --write", undefined],
    ]);
    const yaml = facts({
      "package.json": files["package.json"],
      ".husky/pre-commit": files[".husky/pre-commit"],
      ".lintstagedrc.yml": "'*.ts':\n  - eslint --fix\n",
    }).get(commitCommands);
    expect(yaml?.staged?.commands).toEqual([
      { path: ".lintstagedrc.yml", line: 2, value: "eslint --fix" },
    ]);
  });

  it("reads package.json hooks (simple-git-hooks, yorkie) and lint-staged's key", () => {
    expect(
      values({
        "package.json": manifest({
          "simple-git-hooks": { "pre-commit": "pnpm lint-staged" },
          "lint-staged": { "**/*.ts": ["oxlint --fix"], "**/*.{ts,json}": ["prettier --write"] },
        }),
      }),
    ).toEqual({
      manager: "simple-git-hooks",
      commands: ["pnpm lint-staged"],
      staged: ["oxlint --fix", "prettier --write"],
      run: true,
    });
    expect(
      values({
        "package.json": manifest({
          gitHooks: { "pre-commit": "node scripts/verify.js" },
          "lint-staged": { "*.js": "prettier --write" },
        }),
      }).run,
    ).toBe(false);
  });

  it("counts lint-staged run through a package script", () => {
    const files = {
      "package.json": manifest({ scripts: { "pre-commit": "lint-staged" } }),
      ".husky/pre-commit": "npm run pre-commit\n",
      "lint-staged.config.mjs": 'export default { "*.js": "prettier --write" };\n',
    };
    expect(values(files)).toMatchObject({ run: true, staged: ["*.js", "prettier --write"] });
  });

  it("reads lefthook's commands and jobs, and the pre-commit framework's hooks", () => {
    expect(
      values({
        "package.json": manifest({}),
        "lefthook.yml":
          "pre-commit:\n  commands:\n    fmt:\n      run: pnpm prettier --write {staged_files}\n  jobs:\n    - run: pnpm lint\npre-push:\n  commands:\n    test:\n      run: pnpm test\n",
      }).commands,
    ).toEqual(["pnpm prettier --write {staged_files}", "pnpm lint"]);
    const framework = facts({
      "package.json": manifest({}),
      ".pre-commit-config.yaml":
        "repos:\n  - repo: local\n    hooks:\n      - id: fmt\n        entry: dprint fmt\n  - repo: https://example.com/x\n    hooks:\n      - id: trailing-whitespace\n",
    }).get(commitCommands);
    expect(framework?.commands.map((command) => [command.value, command.line])).toEqual([
      ["dprint fmt", 5],
      ["trailing-whitespace", 8],
    ]);
  });

  it("says which file it could not read, and has no hook without a hook manager", () => {
    const broken = facts({
      "package.json": manifest({}),
      "lefthook.yml": "pre-commit: [unclosed\n",
    }).get(commitCommands);
    expect(broken?.problems.map((problem) => problem.path)).toEqual(["lefthook.yml"]);
    expect(facts({ "package.json": manifest({}) }).get(commitCommands)).toBeUndefined();
  });

  it("callsOnCommit: formatter calls that write, from the hook and from lint-staged once run", () => {
    const calls = (files: Record<string, string>) =>
      callsOnCommit(facts(files)).map(
        ({ call }) => `${call.station}/${call.tool.id}${call.fixes ? " (fixes)" : ""}`,
      );
    const staged = {
      "package.json": manifest({
        gitHooks: { "pre-commit": "lint-staged" },
        "lint-staged": { "*.js": ["eslint --fix", "prettier --write"] },
      }),
    };
    expect(calls(staged)).toEqual(["lint/eslint", "format/prettier (fixes)"]);
    // Configured but not run by the hook: nothing runs on commit.
    const idle = {
      "package.json": manifest({
        gitHooks: { "pre-commit": "echo hi" },
        "lint-staged": { "*.js": "prettier --write" },
      }),
    };
    expect(calls(idle)).toEqual([]);
  });
});
