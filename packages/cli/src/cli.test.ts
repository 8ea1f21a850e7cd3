import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./cli.js";

const packageRoot = join(import.meta.dirname, "..");
const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
  version: string;
};

describe("paved CLI", () => {
  it("prints its package version", () => {
    expect(run(["--version"])).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: "" });
    expect(run(["-v"]).stdout).toBe(`${version}\n`);
  });

  it("prints help with --help and with no arguments", () => {
    expect(run(["--help"]).stdout).toContain("Usage: paved");
    expect(run([]).stdout).toContain("--version");
  });

  it("rejects an unknown option with exit code 2 and a hint", () => {
    const result = run(["--frobnicate"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--frobnicate'[\s\S]*paved --help/);
  });

  it("rejects an unknown command with exit code 2", () => {
    const result = run(["deploy"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown command 'deploy'");
  });
});

describe("the built bin", () => {
  it("runs as an executable and exits with the CLI's code", () => {
    const bin = join(packageRoot, "dist", "bin.js");
    const ok = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${version}\n`);
    const bad = spawnSync(process.execPath, [bin, "--nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
