// Real repositories for the fleet's tests: git checkouts, a bare clone, and broken ones.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const env = {
  PATH: process.env["PATH"] ?? "/usr/bin:/bin",
  HOME: "/nonexistent",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

export function git(dir: string, ...args: string[]): string {
  const run = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", env });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout.trim();
}

export function writeTree(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A git checkout with these files committed. */
export function makeRepo(dir: string, files: Readonly<Record<string, string>>): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  writeTree(dir, files);
  commitAll(dir, "init");
  return dir;
}

export function commitAll(dir: string, message: string): void {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", message);
}

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `paved-fleet-${name}-`));

export const manifest = (name: string, scripts: Record<string, string> = {}) =>
  `${JSON.stringify({ name, version: "1.0.0", type: "module", scripts }, null, 2)}\n`;
