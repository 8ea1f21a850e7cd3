// The worker thread of a fleet audit: audits the repositories the pool hands it, one at a time,
// writes each report into the fleet directory itself and sends back only the history entry.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parentPort } from "node:worker_threads";
import { limitGitTime } from "@paved/conformance/listing";
import { auditRepo, type AuditRepoOptions } from "./audit-repo.js";
import type { RepoSource } from "./repos.js";
import type { Entry } from "./entry.js";

export interface Task {
  source: RepoSource;
  options: AuditRepoOptions;
  /**
   * Where the worker writes the report; the pool moves it into `reports/` once the entry is in
   * time. A worker abandoned past the time limit writes, if ever, where nothing reads.
   */
  partial: string;
  /**
   * How long the worker's gits may take (the pool gives less than the repository's time limit):
   * a git blocked past it is killed by this thread, not left behind when the pool lets it go.
   */
  gitTimeoutMs?: number;
}

/** The entry for the history, and the report's file when the audit ran. */
export interface TaskResult {
  entry: Entry;
  partial?: string;
}

/** One task: the report on disk, the entry for the history. */
export function runTask(task: Task): TaskResult {
  if (task.gitTimeoutMs !== undefined) limitGitTime(task.gitTimeoutMs);
  const { entry, json } = auditRepo(task.source, task.options);
  if (json === undefined) return { entry };
  const partial = join(task.partial, `${randomBytes(8).toString("hex")}.json`);
  writeFileSync(partial, json, { flag: "wx" });
  return { entry, partial };
}

parentPort?.on("message", (task: Task) => {
  parentPort?.postMessage(runTask(task));
});
