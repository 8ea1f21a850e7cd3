import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, type Io } from "../index.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-cli-escaping-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
/** A real git checkout holding `files`. */
function gitRepo(files: Record<string, string>): string {
  counter += 1;
  const dir = join(scratch, `case-${String(counter)}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["add", "-A"],
  ])
    spawnSync("git", args, { cwd: dir, env, encoding: "utf8" });
  return dir;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const io = (cwd: string): Io => ({ cwd, env: {}, stdoutIsTerminal: true });
/** ESC sequences that clear the screen and set the clipboard, a C1 CSI and a bidi override. */
const attack = "\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b31m\u202e";
// eslint-disable-next-line no-control-regex -- what must never reach a terminal raw
const raw = /[\u001b\u0007\u009b\u202e]/;

describe("repository text in error messages", () => {
  it("shows a config key's escapes as text", () => {
    const dir = gitRepo({
      "package.json": "{}",
      "paved.config.json": JSON.stringify({ [`x${attack}`]: 1 }),
    });
    const result = run(["audit"], io(dir));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toMatch(raw);
    expect(result.stderr).toContain("\\u001b[2J");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("shows a baseline's escapes as text", () => {
    const dir = gitRepo({ "package.json": "{}", "paved.baseline.json": `nope${attack}` });
    const result = run(["audit"], io(dir));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/paved\.baseline\.json: the baseline is not valid JSON/);
    expect(result.stderr).not.toMatch(raw);
  });

  it("shows new.owner's escapes as text", () => {
    const dir = gitRepo({
      "package.json": JSON.stringify({ name: "root", private: true }),
      "paved.config.json": JSON.stringify({ new: { owner: `@a${attack}` } }),
    });
    const result = run(["new", "service", "orders", "--dry-run"], io(dir));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/is not an owner CODEOWNERS understands/);
    expect(result.stderr).not.toMatch(raw);
    expect(result.stderr).toContain("\\u202e");
  });

  it("shows the version in a pipeline's header as text", () => {
    const body = "on: push\n";
    const dir = gitRepo({
      "package.json": JSON.stringify({ scripts: { test: "vitest" } }),
      ".github/workflows/ci.yml": `# paved-ci: 0.0.1${attack} sha256:${sha256(body)}\n${body}`,
    });
    const result = run(["ci", "--check"], io(dir));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/ci\.yml: written by @paved\/ci 0\.0\.1\\u001b\[2J/);
    expect(result.stderr).not.toMatch(raw);
  });
});
