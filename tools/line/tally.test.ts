import { describe, expect, it } from "vitest";
import { countTask, tally } from "./tally.mjs";

const task = (id: string, target: string) => ({
  id,
  target,
  projectRoot: `packages/${id.split(":")[0] ?? ""}`,
});

const reports: Record<string, unknown> = {
  "packages/a/vitest/report.json": { numPassedTests: 12, numFailedTests: 2 },
  "packages/b/vitest/report.json": { numPassedTests: 5, numFailedTests: 0 },
  "packages/a/package-check/report.json": { checks: [{ ok: true }, { ok: false }, { ok: true }] },
};
const readReport = (t: { projectRoot: string }, file: string): unknown =>
  reports[`${t.projectRoot}/${file}`];

describe("countTask", () => {
  it("counts the test cases of a test task", () => {
    expect(countTask(task("a:test", "test"), 1, readReport)).toEqual({ passed: 12, failed: 2 });
    expect(countTask(task("b:test", "test"), 0, readReport)).toEqual({ passed: 5, failed: 0 });
  });

  it("counts a test task that failed with no failing test case (a crash, a coverage gate) as one failure", () => {
    expect(countTask(task("b:test", "test"), 1, readReport)).toEqual({ passed: 5, failed: 1 });
  });

  it("counts each package check", () => {
    expect(countTask(task("a:package-check", "package-check"), 1, readReport)).toEqual({
      passed: 2,
      failed: 1,
    });
  });

  it("counts other stations once, and a task that never ran as failed", () => {
    expect(countTask(task("a:lint", "lint"), 0, readReport)).toEqual({ passed: 1, failed: 0 });
    expect(countTask(task("a:lint", "lint"), 2, readReport)).toEqual({ passed: 0, failed: 1 });
    expect(countTask(task("a:test", "test"), undefined, readReport)).toEqual({
      passed: 0,
      failed: 1,
    });
  });
});

describe("tally", () => {
  it("sums every planned task and names the failed ones", () => {
    const tasks = [
      task("a:test", "test"),
      task("b:test", "test"),
      task("a:lint", "lint"),
      task("a:build", "build"),
    ];
    const statuses = new Map([
      ["a:test", 1],
      ["b:test", 0],
      ["a:lint", 0],
    ]);
    expect(tally(tasks, statuses, readReport)).toEqual({
      passed: 18,
      failed: 3,
      failedTasks: ["a:test", "a:build (did not run)"],
    });
  });
});
