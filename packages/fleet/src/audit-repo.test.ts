import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixableKeys } from "@paved/adopt/fixable";
import { audit, createBaseline, renderJson } from "@paved/conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, makeRepo, manifest, tempDir, writeTree } from "./__fixtures__/repos.js";
import { auditRepo } from "./audit-repo.js";
import { headCommit } from "./checkout.js";
import { isBare } from "./repos.js";
import { prepareFleetDir, reportFileName } from "./store.js";
import { runTask } from "./worker.js";

// The worker's own code, run in this process: what each worker thread does for one repository.
let root: string;
let out: string;
const options = () => ({
  run: "r1",
  time: "2026-05-01T00:00:00.000Z",
  scratch: join(root, "scratch"),
  reportFile: "x.json",
});

beforeAll(() => {
  root = tempDir("one");
  out = join(root, "out");
  prepareFleetDir(out);
  mkdirSync(join(root, "scratch"));
  makeRepo(join(root, "mono"), {
    "package.json": `${JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] })}\n`,
    "packages/a/package.json": manifest("a"),
    "paved.config.json": `${JSON.stringify({ waivers: [{ rule: "review/*", reason: "r", owner: "@o", expires: "2099-01-01" }] })}\n`,
  });
  git(root, "clone", "-q", "--bare", join(root, "mono"), join(root, "mono.git"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("one repository's audit", () => {
  it("writes the report paved audit writes, and keeps its numbers, failures and waivers in the entry", () => {
    const source = { id: "mono", path: join(root, "mono"), kind: "checkout" as const };
    const { entry, partial } = runTask({ source, options: options(), partial: out });
    if (!entry.ok) throw new Error(entry.error);
    const report = audit(join(root, "mono"));
    expect(readFileSync(partial ?? "", "utf8")).toBe(renderJson(report, fixableKeys(report)));
    expect(entry.failing).toEqual(
      [
        ...new Set(
          report.findings
            .filter((f) => f.outcome === "fail" && !f.waiver)
            .map((f) => (f.project === "." ? f.ruleId : `${f.ruleId} ${f.project}`)),
        ),
      ].sort(),
    );
    expect(entry.failing.some((finding) => finding.endsWith(" packages/a"))).toBe(true);
    expect(entry.waivers.map((w) => w.rule)).toEqual(report.config.waived.map((w) => w.ruleId));
    // A waived failure is neither done nor failed for a campaign.
    expect(entry.rules["review/codeowners"]).toBeUndefined();
    expect(entry.blindSpots).toEqual(report.blindSpots.map((spot) => spot.station));
  });

  it("checks a bare repository out and removes the checkout afterwards", () => {
    expect(isBare(join(root, "mono.git"))).toBe(true);
    const { entry } = auditRepo(
      { id: "mono.git", path: join(root, "mono.git"), kind: "bare" },
      options(),
    );
    expect(entry).toMatchObject({
      ok: true,
      source: "bare",
      commit: git(join(root, "mono"), "rev-parse", "HEAD"),
    });
    // The temporary checkout is gone.
    expect(readdirSync(join(root, "scratch"))).toEqual([]);
  });

  it("records a bare repository git cannot read as an error", () => {
    const fake = join(root, "fake.git");
    writeTree(fake, { HEAD: "ref: refs/heads/main\n", "objects/.keep": "", "refs/.keep": "" });
    const { entry, json } = auditRepo({ id: "fake.git", path: fake, kind: "bare" }, options());
    expect(json).toBeUndefined();
    expect(entry).toMatchObject({ ok: false });
    expect(entry.ok ? "" : entry.error).toMatch(/^git fetch failed: /);
  });

  it("records a repository whose own config is invalid with the message paved audit gives", () => {
    const dir = join(root, "bad-config");
    makeRepo(dir, {
      "package.json": manifest("bad"),
      "paved.config.json": '{ "minScore": "high" }\n',
    });
    const { entry } = auditRepo({ id: "bad-config", path: dir, kind: "checkout" }, options());
    expect(entry.ok ? "" : entry.error).toMatch(/^paved\.config\.json: .*minScore/);
  });

  it("uses the repository's baseline, as paved audit does", () => {
    const dir = join(root, "baselined");
    makeRepo(dir, { "package.json": manifest("baselined") });
    const baseline = `${JSON.stringify(createBaseline(audit(dir).findings), null, 2)}\n`;
    writeFileSync(join(dir, "paved.baseline.json"), baseline);
    const { json } = auditRepo({ id: "baselined", path: dir, kind: "checkout" }, options());
    expect(JSON.parse(json ?? "{}")).toMatchObject({ baseline: { new: 0 } });
    const direct = audit(dir, { baselinePath: join(dir, "paved.baseline.json") });
    expect(json).toBe(renderJson(direct, fixableKeys(direct)));
  });

  it("reads the commit from HEAD: a loose ref, a packed one, a detached HEAD, a linked worktree", () => {
    const dir = join(root, "mono");
    const commit = git(dir, "rev-parse", "HEAD");
    expect(headCommit(dir)).toBe(commit);
    git(dir, "pack-refs", "--all");
    expect(existsSync(join(dir, ".git", "refs", "heads", "main"))).toBe(false);
    expect(headCommit(dir)).toBe(commit);
    git(dir, "checkout", "-q", "--detach");
    expect(headCommit(dir)).toBe(commit);
    git(dir, "checkout", "-q", "main");
    // A `.git` file: git itself is asked.
    git(dir, "worktree", "add", "-q", join(root, "linked"));
    expect(headCommit(join(root, "linked"))).toBe(commit);
    const unborn = join(root, "unborn");
    mkdirSync(unborn);
    git(unborn, "init", "-q");
    expect(headCommit(unborn)).toBeUndefined();
  });

  it("names report files readably and uniquely", () => {
    expect(reportFileName("org/api")).toMatch(/^org_api-[0-9a-f]{8}\.json$/);
    expect(reportFileName("org/api")).not.toBe(reportFileName("org_api"));
    expect(reportFileName("..")).toMatch(/^repo-[0-9a-f]{8}\.json$/);
  });
});
