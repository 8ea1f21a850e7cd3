import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const script = join(import.meta.dirname, "check.mjs");
const scratch = mkdtempSync(join(tmpdir(), "paved-package-check-test-"));

interface Report {
  checks: { name: string; ok: boolean; problems: string[] }[];
}

/** Runs the package check on a copy of a fixture package, outside the workspace. */
function check(fixture: string) {
  const dir = join(scratch, fixture);
  cpSync(join(import.meta.dirname, "__fixtures__", fixture), dir, { recursive: true });
  const run = spawnSync(process.execPath, [script], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
  });
  const report = JSON.parse(
    readFileSync(join(dir, "test-results", "package-check", "report.json"), "utf8"),
  ) as Report;
  const problems = (name: string) =>
    report.checks.find((entry) => entry.name.startsWith(name))?.problems ?? [];
  return { run, report, problems };
}

describe("tools/package-check", () => {
  it("names a malformed package.json and what to do, without a stack trace", () => {
    const dir = join(scratch, "malformed");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), '{ "name": "broken", ');
    const run = spawnSync(process.execPath, [script], { cwd: dir, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${join(dir, "package.json")} is not valid JSON`);
    expect(run.stderr).toContain("fix it");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it("passes a package that ships exactly what it declares", () => {
    const { run, report } = check("good");
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(report.checks.map((entry) => entry.ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  }, 120_000);

  it("fails a package that ships tests, misses an entry point and breaks publint's rules", () => {
    const { run, problems } = check("bad");
    expect(run.status).toBe(1);
    expect(problems("packed files hold no tests")).toEqual(["src/index.test.js is a test file"]);
    expect(problems("packed files hold every entry point")).toEqual([
      "dist/missing.js is referenced by package.json or required, but not in the tarball",
    ]);
    expect(problems("manifest declares")).toEqual([
      'set "engines": { "node": ">=22.12" } (or the later 22.x its dependencies need)',
    ]);
    expect(problems("manifest says where")).toEqual([
      'set "repository": { "type": "git", "url": "git+https://…/REPO.git", "directory": … }',
      `set "repository.directory" to the package's folder in its repository`,
      'set "homepage" to an https URL of its docs',
      'set "bugs": { "url": … } to where issues go',
      'remove "publishConfig.provenance": a registry or CI without OIDC rejects the publish; the release job sets NPM_CONFIG_PROVENANCE=true where it can sign',
    ]);
    const publint = problems("publint").join("\n");
    expect(publint).toMatch(/types/i);
    expect(publint).toMatch(/missing\.js/);
  }, 120_000);
});
