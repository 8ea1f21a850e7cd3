// The CLI lists a checkout in the background, in two parts (bin.ts): what the audit judges must
// still be what is on disk, and a checkout git cannot list must be walked once, with the reason.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "paved.mjs");
const scratch = mkdtempSync(join(tmpdir(), "paved-listing-"));
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function checkout(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  spawnSync("git", ["init", "-q", "-b", "main"], { cwd: dir, env: gitEnv });
  spawnSync("git", ["add", "-A"], { cwd: dir, env: gitEnv });
  return dir;
}

interface JsonReport {
  target: { method: string };
  problems: string[];
  findings: { ruleId: string; outcome: string }[];
}

function auditJson(dir: string) {
  const run = spawnSync(process.execPath, [bin, "audit", dir, "--format", "json"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: run.status, stderr: run.stderr, report: JSON.parse(run.stdout) as JsonReport };
}

describe("paved audit's background listing", () => {
  it("judges tracked files deleted from the working tree as absent", () => {
    const dir = checkout("deleted", {
      "package.json": "{}",
      "SECURITY.md": "Report vulnerabilities to security@example.com.",
      "paved.config.json": '{ "minScore": 100 }',
    });
    rmSync(join(dir, "SECURITY.md"));
    rmSync(join(dir, "paved.config.json"));
    const { status, stderr, report } = auditJson(dir);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(report.target.method).toBe("git");
    const policy = report.findings.find((finding) => finding.ruleId === "security/policy");
    expect(policy?.outcome).toBe("fail");
  });

  it("walks a checkout whose config includes a FIFO, without running git, and says so", () => {
    const dir = checkout("include-fifo", { "package.json": "{}" });
    spawnSync("mkfifo", [join(dir, ".git", "trap")]);
    writeFileSync(join(dir, ".git", "config"), "[include]\n\tpath = trap\n");
    const start = performance.now();
    const { status, report } = auditJson(dir);
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(status).toBe(0);
    expect(report.target.method).toBe("walk");
    expect(report.problems).toEqual([
      ".git/config: includes trap, which is not a regular file; git was not run, the files were listed by a walk instead",
    ]);
  });
});
