// Turns one line run into "N passed, N failed": test tasks count their test cases, package checks
// their checks, every other station task counts once. A task that did not run counts as failed.

/**
 * @typedef {{ id: string, target: string, projectRoot: string }} Task
 * @typedef {(task: Task, file: string) => any} ReadReport reads test-results/<file> of a task's project
 */

/** Counts one task: `status` is its exit code, or undefined when it never ran. */
export function countTask(task, status, readReport) {
  if (status === undefined) return { passed: 0, failed: 1 };
  const failedRun = status !== 0;
  if (task.target === "test") {
    const report = readReport(task, "vitest/report.json");
    if (report) {
      return {
        passed: report.numPassedTests,
        failed: report.numFailedTests + (failedRun && report.numFailedTests === 0 ? 1 : 0),
      };
    }
  }
  if (task.target === "package-check") {
    const report = readReport(task, "package-check/report.json");
    if (report) {
      const failed = report.checks.filter((entry) => !entry.ok).length;
      return {
        passed: report.checks.length - failed,
        failed: failed + (failedRun && failed === 0 ? 1 : 0),
      };
    }
  }
  return failedRun ? { passed: 0, failed: 1 } : { passed: 1, failed: 0 };
}

/** Sums the counts of every planned task; `statuses` maps task id to exit code. */
export function tally(tasks, statuses, readReport) {
  let passed = 0;
  let failed = 0;
  const failedTasks = [];
  for (const task of tasks) {
    const status = statuses.get(task.id);
    const counts = countTask(task, status, readReport);
    passed += counts.passed;
    failed += counts.failed;
    if (status !== 0) failedTasks.push(status === undefined ? `${task.id} (did not run)` : task.id);
  }
  return { passed, failed, failedTasks };
}
