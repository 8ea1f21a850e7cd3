import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPaved, exitCodeOf, pavedArguments, pavedBin } from "./index.js";

const bin = join(import.meta.dirname, "..", "dist", "bin.js");
const scratch = mkdtempSync(join(tmpdir(), "create-paved-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const create = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });

describe("create-paved", () => {
  it("finds the bin of the paved it depends on, and passes paved's exit code on", () => {
    expect(existsSync(pavedBin())).toBe(true);
    expect(pavedBin()).toMatch(/paved\.cjs$/);
    // In this process: paved new repo --help exits 0; an unknown flag is paved's usage error.
    expect(createPaved(["--help"])).toBe(0);
    expect(createPaved(["--no-such-flag"])).toBe(2);
  });

  it("ends as paved ended: its code, 130 after Ctrl-C, 143 after SIGTERM, 1 when it cannot start", () => {
    expect(exitCodeOf({ signal: null, status: 3 })).toBe(3);
    expect(exitCodeOf({ signal: "SIGINT", status: null })).toBe(130);
    expect(exitCodeOf({ signal: "SIGTERM", status: null })).toBe(143);
    expect(exitCodeOf({ signal: null, status: null })).toBe(1);
    expect(exitCodeOf({ error: new Error("ENOENT"), signal: null, status: null })).toBe(1);
  });

  it("is paved new repo: the name and every flag pass through", () => {
    expect(pavedArguments(["shop", "--yes", "--owner", "@acme/platform"])).toEqual([
      "new",
      "repo",
      "shop",
      "--yes",
      "--owner",
      "@acme/platform",
    ]);
  });

  it("writes a repository with the options given, the registry's .npmrc included", () => {
    const dir = mkdtempSync(join(scratch, "case-"));
    const run = create(
      dir,
      "shop",
      "--yes",
      "--owner",
      "@acme/platform",
      "--project",
      "library",
      "--registry",
      "http://127.0.0.1:4873/",
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Wrote \d+ files in shop:/);
    expect(existsSync(join(dir, "shop", "packages", "shop", "src", "index.ts"))).toBe(true);
    expect(readFileSync(join(dir, "shop", ".npmrc"), "utf8")).toContain(
      "@paved:registry=http://127.0.0.1:4873/",
    );
  });

  it("exits as paved does, with its message, and writes nothing on a bad option", () => {
    const dir = mkdtempSync(join(scratch, "case-"));
    const run = create(dir, "shop", "--owner", "@a/b", "--registry", "ftp://example.com/");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^paved new: "ftp:\/\/example\.com\/" is not a registry URL/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("says how it is called, then the options of paved new", () => {
    const run = create(scratch, "--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm create paved \[NAME\]/);
    expect(run.stdout).toContain("Usage: paved new service|library|repo NAME");
  });
});

describe("create-paved on a real terminal", () => {
  it("asks what paved new repo asks, through a pseudo-terminal, and writes the answers' repository", async () => {
    const dir = mkdtempSync(join(scratch, "tty-"));
    // util-linux `script` gives the command a pseudo-terminal; answers arrive one at a time.
    const child = spawn("script", ["-qec", `"${process.execPath}" "${bin}"`, "/dev/null"], {
      cwd: dir,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const pause = () => new Promise((resolve) => setTimeout(resolve, 700));
    await pause();
    for (const keys of ["shop\r", "Sells things.\r", "@acme/shop\r", "@acme\r"]) {
      child.stdin.write(keys);
      await pause();
    }
    const code = await new Promise((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once("exit", resolve);
    });
    child.stdin.end();
    expect(code, output).toBe(0);
    expect(output).toContain("The repo's name");
    expect(output).toMatch(/Wrote \d+ files in shop/);
    const manifest = JSON.parse(
      readFileSync(join(dir, "shop", "packages", "shop", "package.json"), "utf8"),
    ) as { name: string; description: string };
    expect(manifest).toMatchObject({ name: "@acme/shop", description: "Sells things." });
  }, 30_000);
});
