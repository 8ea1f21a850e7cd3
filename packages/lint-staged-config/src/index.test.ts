import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import micromatch from "micromatch";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import config, {
  codeGlob,
  eslintCommand,
  formatOnlyGlob,
  lintStaged,
  prettierCommand,
  recordHookRun,
} from "./index.js";

describe("lintStaged()", () => {
  it("runs ESLint then Prettier on code, Prettier alone on other text", () => {
    expect(config).toEqual({
      [codeGlob]: [eslintCommand, prettierCommand],
      [formatOnlyGlob]: prettierCommand,
    });
    expect(eslintCommand).toContain("--max-warnings=0");
    expect(eslintCommand).toContain("--fix");
  });

  it("uses disjoint globs, so no file is written by two tasks at once", () => {
    const files = ["a.ts", "b.mjs", "c.json", "README.md", "d.yaml", "e.tsx", "f.cjs", "g.css"];
    const code = micromatch(files, codeGlob, { matchBase: true });
    const formatOnly = micromatch(files, formatOnlyGlob, { matchBase: true });
    expect(code.filter((file) => formatOnly.includes(file))).toEqual([]);
    expect([...code, ...formatOnly].sort()).toEqual([...files].sort());
  });

  it("passes no file list to the optional type check", () => {
    const withTypecheck = lintStaged({ typecheck: "tsc --noEmit" });
    const tasks = withTypecheck[codeGlob];
    expect(Array.isArray(tasks)).toBe(true);
    const typecheck = (tasks as unknown[])[2];
    expect(typeof typecheck).toBe("function");
    expect((typecheck as (files: string[]) => string)(["src/a.ts", "src/b.ts"])).toBe(
      "tsc --noEmit",
    );
  });
});

describe("recording the hook's runs", () => {
  it("asks to be called once at exit, however often the config is built", async () => {
    const before = process.listeners("beforeExit");
    lintStaged({ record: true });
    lintStaged({ record: true });
    const added = process.listeners("beforeExit").filter((listener) => !before.includes(listener));
    expect(added).toHaveLength(1);
    for (const listener of added) process.off("beforeExit", listener);
    // At exit it records into the directory the hook runs in.
    const dir = mkdtempSync(join(tmpdir(), "paved-record-exit-"));
    const cwd = vi.spyOn(process, "cwd").mockReturnValue(dir);
    try {
      for (const listener of added) (listener as () => void)();
      await vi.waitFor(() => {
        expect(readFileSync(join(dir, ".paved", "line-history.jsonl"), "utf8")).toContain(
          '"origin":"pre-commit"',
        );
      });
    } finally {
      cwd.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("appends a pre-commit run to the history, and says so when it cannot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paved-record-"));
    try {
      await recordHookRun(dir, Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 1) + 1500, 1);
      const [run] = readFileSync(join(dir, ".paved", "line-history.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(run).toMatchObject({
        origin: "pre-commit",
        time: "2026-12-01T00:00:00.000Z",
        outcome: "fail",
        durationMs: 1500,
        stations: [{ id: "pre-commit", command: "lint-staged", exitCode: 1, outcome: "fail" }],
      });
      // A .paved that is a link out of the repository: refused, told, never thrown.
      const other = mkdtempSync(join(tmpdir(), "paved-record-out-"));
      const linked = mkdtempSync(join(tmpdir(), "paved-record-link-"));
      symlinkSync(other, join(linked, ".paved"));
      const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      await recordHookRun(linked, 0, 1, 0);
      expect(stderr.mock.calls.map(([text]) => String(text)).join("")).toMatch(
        /^@paved\/lint-staged-config: this run was not recorded \(/,
      );
      stderr.mockRestore();
      expect(readdirSync(other)).toEqual([]);
      rmSync(other, { recursive: true, force: true });
      rmSync(linked, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A real git repository with husky's pre-commit hook running lint-staged with this preset, the
 * ESLint preset and the Prettier preset, exactly as the adoption docs wire them.
 */
describe("husky pre-commit hook in a temporary git repository", () => {
  const packageRoot = join(import.meta.dirname, "..");
  let repo = "";

  function git(...args: string[]): SpawnSyncReturns<string> {
    return gitWith({}, ...args);
  }

  function gitWith(env: NodeJS.ProcessEnv, ...args: string[]): SpawnSyncReturns<string> {
    return spawnSync("git", args, {
      cwd: repo,
      encoding: "utf8",
      env: {
        ...process.env,
        // The hook must run here even when the suite itself runs with hooks disabled.
        HUSKY: "1",
        CI: "",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_AUTHOR_NAME: "Paved Test",
        GIT_AUTHOR_EMAIL: "test@example.invalid",
        GIT_COMMITTER_NAME: "Paved Test",
        GIT_COMMITTER_EMAIL: "test@example.invalid",
        ...env,
      },
    });
  }

  /**
   * node_modules of the temporary repository: the package's own dependencies (eslint, prettier,
   * lint-staged, husky, the other presets) plus this package under its published name.
   */
  function linkDependencies(target: string): void {
    const source = join(packageRoot, "node_modules");
    mkdirSync(join(target, "@paved"), { recursive: true });
    for (const entry of readdirSync(source)) {
      if (entry === "@paved") continue;
      symlinkSync(join(source, entry), join(target, entry), "dir");
    }
    for (const entry of readdirSync(join(source, "@paved"))) {
      symlinkSync(join(source, "@paved", entry), join(target, "@paved", entry), "dir");
    }
    symlinkSync(packageRoot, join(target, "@paved", "lint-staged-config"), "dir");
  }

  function write(path: string, content: string): void {
    writeFileSync(join(repo, path), content);
  }

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "paved-precommit-"));
    linkDependencies(join(repo, "node_modules"));
    expect(git("init", "-q", "-b", "main").status).toBe(0);
    write(
      "package.json",
      JSON.stringify(
        {
          name: "precommit-fixture",
          private: true,
          type: "module",
          prettier: "@paved/prettier-config",
        },
        null,
        2,
      ),
    );
    write(".gitignore", "node_modules\n");
    write("tsconfig.json", JSON.stringify({ extends: "@paved/tsconfig/node", include: ["*.ts"] }));
    write(
      "eslint.config.js",
      'import paved from "@paved/eslint-config";\nexport default paved({ tsconfigRootDir: import.meta.dirname });\n',
    );
    write("lint-staged.config.js", 'export { default } from "@paved/lint-staged-config";\n');
    const husky = spawnSync(join(repo, "node_modules", ".bin", "husky"), [], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, HUSKY: "1" },
    });
    expect(husky.status, husky.stderr).toBe(0);
    write(".husky/pre-commit", "lint-staged\n");
    expect(git("add", "-A").status).toBe(0);
    const first = git("commit", "-q", "--no-verify", "-m", "chore: wire the pre-commit station");
    expect(first.status, first.stderr).toBe(0);
  }, 60_000);

  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
  });

  it("rejects a commit with a lint error and shows ESLint's message", () => {
    write("bad.ts", "export async function load(): Promise<number> {\n  return 1;\n}\nload();\n");
    git("add", "bad.ts");
    const commit = git("commit", "-m", "feat: add a floating promise");
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toContain("@typescript-eslint/no-floating-promises");
    expect(git("log", "--oneline").stdout.trim().split("\n")).toHaveLength(1);
    git("reset", "-q", "bad.ts");
    rmSync(join(repo, "bad.ts"));
  }, 60_000);

  it("lets HUSKY=0 skip the hook, as documented for CI and scripted commits", () => {
    write(
      "skipped.ts",
      "export async function load(): Promise<number> {\n  return 1;\n}\nload();\n",
    );
    git("add", "skipped.ts");
    const commit = gitWith({ HUSKY: "0" }, "commit", "-q", "-m", "chore: scripted commit");
    expect(commit.status, commit.stderr).toBe(0);
    expect(commit.stdout + commit.stderr).not.toContain("no-floating-promises");
    expect(git("log", "--oneline").stdout.trim().split("\n")).toHaveLength(2);
    expect(git("reset", "-q", "--hard", "HEAD~1").status).toBe(0);
  }, 60_000);

  it("commits a clean file, formatted by Prettier on the way in", () => {
    write("good.ts", "export const answer   =  42\n");
    git("add", "good.ts");
    const commit = git("commit", "-m", "feat: add the answer");
    expect(commit.status, commit.stdout + commit.stderr).toBe(0);
    expect(git("log", "--oneline").stdout.trim().split("\n")).toHaveLength(2);
    expect(git("show", "HEAD:good.ts").stdout).toBe("export const answer = 42;\n");
    expect(readFileSync(join(repo, "good.ts"), "utf8")).toBe("export const answer = 42;\n");
  }, 60_000);

  it("records each run of the hook into the line's history when asked to, and only then", () => {
    const history = join(repo, ".paved", "line-history.jsonl");
    write("plain.md", "# Plain\n");
    git("add", "plain.md");
    expect(git("commit", "-q", "-m", "docs: plain").status).toBe(0);
    expect(() => readFileSync(history)).toThrow(/ENOENT/);

    write(
      "lint-staged.config.js",
      'import { lintStaged } from "@paved/lint-staged-config";\nexport default lintStaged({ record: true });\n',
    );
    write("bad.ts", "export async function load(): Promise<number> {\n  return 1;\n}\nload();\n");
    git("add", "bad.ts", "lint-staged.config.js");
    expect(git("commit", "-m", "feat: a floating promise").status).not.toBe(0);
    git("reset", "-q", "bad.ts");
    rmSync(join(repo, "bad.ts"));
    write("fine.md", "#   Fine\n");
    git("add", "fine.md");
    const commit = git("commit", "-m", "docs: fine");
    expect(commit.status, commit.stdout + commit.stderr).toBe(0);

    const runs = readFileSync(history, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(runs).toMatchObject([
      { origin: "pre-commit", outcome: "fail", stations: [{ id: "pre-commit", exitCode: 1 }] },
      { origin: "pre-commit", outcome: "pass", stations: [{ id: "pre-commit", exitCode: 0 }] },
    ]);
    for (const run of runs) expect(run["durationMs"]).toBeGreaterThan(0);
    // The history stays out of git: the folder ignores itself.
    expect(git("status", "--porcelain").stdout).not.toContain(".paved");
  }, 60_000);
});
