import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyBaseline, createBaseline, readBaseline } from "./baseline.js";
import { check } from "./check.js";
import { ConfigError } from "./config/config.js";
import { Facts, indexMemory, workspace } from "@paved/facts";
import { rules } from "./rules/all.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-baseline-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function findingsOf(files: Record<string, string>) {
  const facts = new Facts(indexMemory(files));
  return check(facts, facts.get(workspace).projects, rules);
}

describe("baseline", () => {
  const before = { "package.json": JSON.stringify({ name: "app" }), "pnpm-lock.yaml": "" };

  it("marks known failures existing and fails only on new ones (the ratchet)", () => {
    const baseline = createBaseline(findingsOf(before));
    expect(baseline.findings.length).toBeGreaterThan(5);
    const same = applyBaseline(findingsOf(before), baseline, "b.json");
    expect(same.summary).toMatchObject({ new: 0, fixed: 0 });
    expect(same.summary.existing).toBe(baseline.findings.length);

    // Removing the lockfile is a new gap; adding SECURITY.md fixes an old one.
    const after = { "package.json": before["package.json"], "SECURITY.md": "# Security" };
    const applied = applyBaseline(findingsOf(after), baseline, "b.json");
    expect(applied.summary.new).toBe(1);
    expect(applied.summary.fixed).toBe(1);
    expect(applied.findings.find((entry) => entry.baseline === "new")?.ruleId).toBe(
      "security/lockfile",
    );
  });

  it("does not call a failure new when only its message changed, and counts repeats", () => {
    const workflow = (steps: string[]) =>
      `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n${steps.map((step) => `      - ${step}`).join("\n")}\n`;
    const repo = (steps: string[]) => ({ ...before, ".github/workflows/ci.yml": workflow(steps) });
    const baseline = createBaseline(
      findingsOf(repo(["run: echo build", "uses: a/b@v1", "uses: c/d@v1"])),
    );
    // Now CI lints (the runs-stations message changes) and one more action is unpinned.
    const after = applyBaseline(
      findingsOf(repo(["run: npx eslint .", "uses: a/b@v1", "uses: c/d@v1", "uses: e/f@v1"])),
      baseline,
      "b.json",
    );
    const fresh = after.findings.filter((entry) => entry.baseline === "new");
    expect(fresh.map((entry) => entry.ruleId)).toEqual(["ci/actions-pinned"]);
    expect(after.summary.new).toBe(1);
  });

  it("reads a baseline back, and names a broken one", () => {
    const path = join(scratch, "baseline.json");
    writeFileSync(path, JSON.stringify(createBaseline(findingsOf(before))));
    expect(readBaseline(path).schemaVersion).toBe(1);
    writeFileSync(path, "{ nope");
    expect(() => readBaseline(path)).toThrow(ConfigError);
    expect(() => readBaseline(path)).toThrow(`${path}: the baseline is not valid JSON`);
    writeFileSync(path, "{}");
    expect(() => readBaseline(path)).toThrow(/not a Paved baseline/);
  });
});
