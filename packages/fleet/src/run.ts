import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Entry, RunInfo } from "./entry.js";
import { runPool } from "./pool.js";
import type { RepoSource } from "./repos.js";
import { appendEntries, prepareFleetDir, reportFileName } from "./store.js";

export interface FleetAuditOptions {
  /** The fleet directory: reports and history are written here. */
  out: string;
  jobs: number;
  timeoutMs: number;
  /** The run's id (shards of one run share it) and start time; the time is also the default id. */
  run?: string;
  time?: string;
  configPath?: string;
  teams?: Readonly<Record<string, string>>;
  workerUrl?: URL;
  /** After each repository: how many are done, of how many, and its entry. */
  onProgress?: (done: number, total: number, entry: Entry) => void;
}

export interface FleetAuditResult extends RunInfo {
  audited: number;
  errors: number;
}

/**
 * Audits the fleet into `out`: each report written as it is done, each history entry appended
 * as it comes, so memory does not grow with the fleet. Bare repositories are checked out under
 * a scratch directory that is removed at the end, whatever happened.
 */
export async function fleetAudit(
  sources: readonly RepoSource[],
  options: FleetAuditOptions,
): Promise<FleetAuditResult> {
  const time = options.time ?? new Date().toISOString();
  const run = options.run ?? time;
  prepareFleetDir(options.out);
  const scratch = mkdtempSync(join(tmpdir(), "paved-fleet-"));
  // Reports in the making: on the fleet directory's file system, so that moving one is a rename.
  const partial = mkdtempSync(join(options.out, ".partial-"));
  let done = 0;
  let errors = 0;
  try {
    const tasks = sources.map((source) => ({
      source,
      partial,
      options: {
        run,
        time,
        scratch,
        reportFile: reportFileName(source.id),
        ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
        ...(options.teams === undefined ? {} : { teams: options.teams }),
      },
    }));
    await runPool(tasks, {
      jobs: options.jobs,
      timeoutMs: options.timeoutMs,
      ...(options.workerUrl === undefined ? {} : { workerUrl: options.workerUrl }),
      onEntry: ({ entry, partial: written }) => {
        if (written !== undefined && entry.ok) renameSync(written, join(options.out, entry.report));
        appendEntries(options.out, [entry]);
        done += 1;
        if (!entry.ok) errors += 1;
        options.onProgress?.(done, tasks.length, entry);
      },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(partial, { recursive: true, force: true });
  }
  return { run, time, audited: done, errors };
}
