import { spawnSync } from "node:child_process";
import * as nodeFs from "node:fs";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AdoptError, applyPlan, assertClean } from "./apply.js";
import { planAdopt } from "./plan.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-adopt-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (cwd: string, ...args: string[]) =>
  spawnSync("git", args, { cwd, env: gitEnv, encoding: "utf8" });

let counter = 0;
/** A committed git repository with these files. */
function repository(files: Record<string, string>, commit = true): string {
  counter += 1;
  const dir = join(scratch, `repo-${String(counter)}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (commit) {
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
  }
  return dir;
}

const files = {
  "package.json": '{\n  "name": "app",\n  "version": "1.0.0"\n}\n',
  "package-lock.json": '{\n  "lockfileVersion": 3\n}\n',
};

describe("applying a plan", () => {
  it("writes the planned files, re-audits, and a second plan is empty; git shows only those edits", () => {
    const dir = repository(files);
    assertClean(dir);
    const plan = planAdopt(dir, { owner: "@acme/team" });
    const applied = applyPlan(plan);
    expect(applied.report.score).toBeGreaterThan(plan.report.score);
    expect(applied.transitions.filter((step) => step.after !== "pass")).toEqual([]);
    expect(planAdopt(dir, { owner: "@acme/team" }).changes).toEqual([]);
    const changed = git(dir, "status", "--porcelain", "--untracked-files=all")
      .stdout.split("\n")
      .filter(Boolean)
      .map((line) => line.slice(3))
      .sort();
    expect(changed).toEqual(plan.changes.map((change) => change.path).sort());
  });

  it("refuses a dirty tree and a directory that is not a checkout, naming --allow-dirty", () => {
    const dirty = repository(files);
    writeFileSync(join(dirty, "notes.txt"), "mine\n");
    expect(() => {
      assertClean(dirty);
    }).toThrow(AdoptError);
    expect(() => {
      assertClean(dirty);
    }).toThrow(/notes\.txt.*--allow-dirty/);
    const plain = repository(files, false);
    expect(() => {
      assertClean(plain);
    }).toThrow(/not a git checkout.*--allow-dirty/);
  });

  it("is all or nothing: a failure half-way through leaves every file as it was", () => {
    const dir = repository(files);
    const plan = planAdopt(dir);
    expect(plan.changes.length).toBeGreaterThan(2);
    let renames = 0;
    const failing = {
      ...nodeFs,
      renameSync: (from: nodeFs.PathLike, to: nodeFs.PathLike) => {
        renames += 1;
        if (renames === 2) throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
        nodeFs.renameSync(from, to);
      },
    };
    expect(() => applyPlan(plan, { fs: failing })).toThrow(/nothing was changed/);
    expect(renames).toBe(2);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe(files["package.json"]);
    expect(git(dir, "status", "--porcelain", "--untracked-files=all").stdout).toBe("");
  });

  it("refuses a directory that does not exist", () => {
    expect(() => planAdopt(join(scratch, "missing"))).toThrow(/no such directory/);
  });
});
