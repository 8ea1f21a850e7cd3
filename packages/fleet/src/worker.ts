// The worker thread of a fleet audit: audits the repositories the pool hands it, one at a time,
// writes each report into the fleet directory itself and sends back only the history entry.
import { join } from "node:path";
import { parentPort } from "node:worker_threads";
import { auditRepo, type AuditRepoOptions } from "./audit-repo.js";
import type { RepoSource } from "./repos.js";
import { reportsDir, writeWhole } from "./store.js";

export interface Task {
  source: RepoSource;
  options: AuditRepoOptions;
  /** The fleet directory the report is written into. */
  out: string;
}

/** One task: the report on disk, the entry for the history. */
export function runTask(task: Task) {
  const { entry, json } = auditRepo(task.source, task.options);
  if (json !== undefined) writeWhole(join(task.out, reportsDir, task.options.reportFile), json);
  return entry;
}

parentPort?.on("message", (task: Task) => {
  parentPort?.postMessage(runTask(task));
});
