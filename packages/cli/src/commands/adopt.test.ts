import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, type Io } from "../index.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-cli-adopt-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (cwd: string, ...args: string[]) =>
  spawnSync("git", args, { cwd, env: gitEnv, encoding: "utf8" });

let counter = 0;
function repository(): string {
  counter += 1;
  const dir = join(scratch, `repo-${String(counter)}`);
  const files = {
    "package.json": '{\n  "name": "app",\n  "version": "1.0.0"\n}\n',
    "package-lock.json": '{\n  "lockfileVersion": 3\n}\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
  return dir;
}

const io = (cwd: string, terminal = false): Io => ({ cwd, env: {}, stdoutIsTerminal: terminal });

describe("paved adopt", () => {
  it("--dry-run prints the plan by station and its diff, and writes nothing", () => {
    const dir = repository();
    const result = run(
      ["adopt", "--dry-run", "--only", "runtime", "--only", "security/policy"],
      io(dir),
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("runtime:\n  fix  runtime/node-version-pinned: .nvmrc");
    expect(result.stdout).toContain("--- /dev/null\n+++ b/SECURITY.md");
    expect(result.stdout).toContain('+  "packageManager": "npm@10.9.2"');
    expect(result.stdout).not.toContain("review/");
    expect(existsSync(join(dir, ".nvmrc"))).toBe(false);
  });

  it("off a terminal, asks for --yes and writes nothing", () => {
    const dir = repository();
    const result = run(["adopt", dir], io(scratch));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/pass --yes/);
    expect(existsSync(join(dir, ".nvmrc"))).toBe(false);
  });

  it("--yes applies, shows fail → pass per rule and the score, and a second run has nothing to do", () => {
    const dir = repository();
    const result = run(["adopt", "--yes", "--owner", "@acme/web"], io(dir));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/score \d+ → \d+/);
    expect(result.stdout).toContain("review/codeowners: fail → pass");
    expect(result.stdout).toContain("run `npm install` (or pass --install)");
    expect(readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8")).toContain("* @acme/web");
    git(dir, "add", "-A");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "adopt");
    const again = run(["adopt", "--yes", "--owner", "@acme/web"], io(dir));
    expect(again.stdout).toMatch(/^Nothing to fix\./);
  });

  it("refuses a dirty tree unless --allow-dirty", () => {
    const dir = repository();
    writeFileSync(join(dir, "wip.txt"), "x\n");
    const refused = run(["adopt", "--yes"], io(dir));
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(
      /^paved adopt: .*uncommitted changes \(wip\.txt\).*--allow-dirty/,
    );
    expect(existsSync(join(dir, ".nvmrc"))).toBe(false);
    expect(run(["adopt", "--yes", "--allow-dirty"], io(dir)).exitCode).toBe(0);
    expect(existsSync(join(dir, ".nvmrc"))).toBe(true);
  });

  it("usage errors: two directories, a missing one, an unknown option; --help", () => {
    expect(run(["adopt", "a", "b"], io(scratch)).exitCode).toBe(2);
    const missing = run(["adopt", "nope", "--dry-run"], io(scratch));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/nope: no such directory/);
    expect(run(["adopt", "--frobnicate"], io(scratch)).exitCode).toBe(2);
    const only = run(["adopt", "--only", "lnt", "--dry-run"], io(scratch));
    expect(only.exitCode).toBe(2);
    expect(only.stderr).toMatch(/--only takes a station or a rule id.*got lnt/);
    expect(run(["adopt", "--help"], io(scratch)).stdout).toMatch(/^Usage: paved adopt/);
  });

  it("the audit's JSON marks fixable failures, and its SARIF carries their fixes", () => {
    const dir = repository();
    const report = JSON.parse(run(["audit", "--format", "json"], io(dir)).stdout) as {
      findings: { ruleId: string; outcome: string; fixable?: boolean }[];
    };
    const policy = report.findings.find((finding) => finding.ruleId === "security/policy");
    expect(policy).toMatchObject({ outcome: "fail", fixable: true });
    const lockfile = report.findings.find((finding) => finding.ruleId === "security/lockfile");
    expect(lockfile?.fixable).toBeUndefined();
    const sarif = JSON.parse(run(["audit", "--format", "sarif"], io(dir)).stdout) as {
      runs: {
        results: {
          ruleId: string;
          fixes?: {
            artifactChanges: {
              artifactLocation: { uri: string };
              replacements: { insertedContent: { text: string } }[];
            }[];
          }[];
        }[];
      }[];
    };
    const result = sarif.runs[0]?.results.find((entry) => entry.ruleId === "security/policy");
    const change = result?.fixes?.[0]?.artifactChanges[0];
    expect(change?.artifactLocation.uri).toBe("SECURITY.md");
    expect(change?.replacements[0]?.insertedContent.text).toMatch(/^# Security policy/);
  });
});

describe("the built bin on a real terminal", () => {
  const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "paved.mjs");

  /** Runs `paved adopt` under a pseudo-terminal (util-linux `script`) and types `keys`. */
  async function typed(dir: string, keys: string): Promise<{ code: unknown; output: string }> {
    const env = { ...process.env };
    delete env["CI"];
    const child = spawn(
      "script",
      ["-qec", `"${process.execPath}" "${bin}" adopt --owner @acme/web`, "/dev/null"],
      {
        cwd: dir,
        env,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.stdin.write(keys);
    const code = await new Promise((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once("exit", resolve);
    });
    child.stdin.end();
    return { code, output };
  }

  it("shows the plan and asks once: yes applies, no writes nothing", async () => {
    const declined = repository();
    const no = await typed(declined, "n\r");
    expect(no.output).toContain("+++ b/SECURITY.md");
    expect(no.output).toContain("Apply this plan?");
    expect(no.code, no.output).toBe(1);
    expect(existsSync(join(declined, "SECURITY.md"))).toBe(false);
    const accepted = repository();
    const yes = await typed(accepted, "y\r");
    expect(yes.code, yes.output).toBe(0);
    expect(yes.output).toMatch(/Applied \d+ fix\(es\)/);
    expect(existsSync(join(accepted, "SECURITY.md"))).toBe(true);
  }, 30_000);
});

describe("paved adopt --install", () => {
  const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "paved.mjs");

  it("runs the package manager's install only when asked, after the edits are written", () => {
    // An npm on PATH that records where it ran and what package.json said by then.
    const tools = mkdtempSync(join(scratch, "tools-"));
    const log = join(tools, "ran.txt");
    writeFileSync(
      join(tools, "npm"),
      `#!/bin/sh\necho "$* in $(pwd)" >> "${log}"\ngrep -c '"husky"' package.json >> "${log}"\n`,
    );
    chmodSync(join(tools, "npm"), 0o755);
    const env = { ...process.env, PATH: `${tools}:${process.env["PATH"] ?? ""}`, CI: "1" };
    const without = repository();
    spawnSync(process.execPath, [bin, "adopt", without, "--yes"], { env, encoding: "utf8" });
    expect(existsSync(log)).toBe(false);
    const dir = repository();
    const run = spawnSync(process.execPath, [bin, "adopt", dir, "--yes", "--install"], {
      env,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Ran `npm install`.");
    // Run once, in the repository, with the new devDependencies already in package.json.
    const [ran, husky, ...rest] = readFileSync(log, "utf8").split("\n");
    expect(ran).toBe(`install in ${dir}`);
    expect(Number(husky)).toBeGreaterThan(0);
    expect(rest).toEqual([""]);
  });
});
