// ./paved runs the CLI from this checkout through ./dev, from any working directory.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const { version } = JSON.parse(
  readFileSync(join(root, "packages", "cli", "package.json"), "utf8"),
) as {
  version: string;
};

function paved(...args: string[]) {
  return spawnSync(join(root, "paved"), args, {
    cwd: tmpdir(),
    encoding: "utf8",
    env: { ...process.env, PAVED_SKIP_INSTALL: "1" },
  });
}

describe("./paved", () => {
  it("prints the CLI's version", () => {
    const run = paved("--version");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it("prints help", () => {
    const run = paved("--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: paved");
  });

  it("passes on the CLI's exit code and message for a usage error, without a stack trace", () => {
    const run = paved("--no-such-flag");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--no-such-flag'");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
