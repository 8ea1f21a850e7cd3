import { Worker } from "node:worker_threads";
import type { Entry } from "./entry.js";
import type { Task, TaskResult } from "./worker.js";

export interface PoolOptions {
  /** How many repositories are audited at once, each in its own worker thread. */
  jobs: number;
  /** A repository still being audited after this long is recorded as an error. */
  timeoutMs: number;
  /** The worker's module (default: this package's built `worker.js`; the CLI's bundle has its own). */
  workerUrl?: URL;
  /** Repositories a worker audits before it is replaced (default 50). */
  recycleAfter?: number;
  /** Each repository's result, as it comes, in completion order. */
  onEntry: (result: TaskResult) => void;
}

/**
 * A worker is replaced after this many repositories: its heap then starts afresh. At 50 the peak
 * was 156 MB at 1,000 repositories and 166 MB at 3,000 (189 and 225 MB without), and a new
 * worker costs some 50 ms to load the audit (docs/benchmarks.md).
 */
const defaultRecycle = 50;

/**
 * The part of a repository's time limit its gits may take: four fifths, so that a git blocked
 * on a FIFO is killed by its worker (which then lists the files by a walk) before the pool
 * gives up on the worker and the git would be left running after the fleet is done.
 */
const gitShare = (timeoutMs: number): number => Math.max(1, Math.floor(timeoutMs * 0.8));

/** From src/ and dist/ alike: the built worker beside the built pool. */
const defaultWorker = new URL("../dist/worker.js", import.meta.url);

/** The entry of a repository whose audit did not come back. */
function lost(task: Task, error: string, durationMs: number): TaskResult {
  const { source, options } = task;
  const entry: Entry = {
    schemaVersion: 1,
    run: options.run,
    time: options.time,
    repo: source.id,
    source: source.kind,
    durationMs,
    ok: false,
    error,
  };
  return { entry };
}

/**
 * Audits the tasks on a pool of worker threads: a worker works through the queue one task at a
 * time; one that overruns the time limit, or dies, is abandoned and replaced, its repository
 * recorded as an error, and the run goes on. A worker's gits have a shorter time limit
 * (`gitShare`): a git blocked on a FIFO is killed by the worker before the pool lets it go.
 */
export function runPool(tasks: readonly Task[], options: PoolOptions): Promise<void> {
  const url = options.workerUrl ?? defaultWorker;
  let next = 0;
  let running = 0;
  return new Promise((resolve) => {
    const startWorker = () => {
      const worker = new Worker(url);
      let current: { task: Task; timer: NodeJS.Timeout; started: number } | undefined;
      let done = 0;
      const finish = (entry: TaskResult, keep: boolean) => {
        if (current) clearTimeout(current.timer);
        current = undefined;
        done += 1;
        options.onEntry(entry);
        if (keep && done < (options.recycleAfter ?? defaultRecycle)) take();
        else {
          worker.removeAllListeners();
          worker.on("error", () => {
            // Abandoned: whatever it says now is not waited for.
          });
          void worker.terminate();
          running -= 1;
          if (next < tasks.length) startWorker();
          else if (running === 0) resolve();
        }
      };
      const take = () => {
        const task = tasks[next];
        if (task === undefined) {
          void worker.terminate();
          running -= 1;
          if (running === 0) resolve();
          return;
        }
        next += 1;
        const started = performance.now();
        const timer = setTimeout(() => {
          const seconds = String(options.timeoutMs / 1000);
          finish(
            lost(
              task,
              `over the time limit (${seconds} s); the audit was stopped`,
              options.timeoutMs,
            ),
            false,
          );
        }, options.timeoutMs);
        current = { task, timer, started };
        worker.postMessage({ ...task, gitTimeoutMs: gitShare(options.timeoutMs) });
      };
      worker.on("message", (entry: TaskResult) => {
        finish(entry, true);
      });
      worker.on("error", (error: Error) => {
        if (current)
          finish(
            lost(
              current.task,
              `the audit crashed: ${error.message}`,
              Math.round(performance.now() - current.started),
            ),
            false,
          );
      });
      running += 1;
      take();
    };
    if (tasks.length === 0) resolve();
    for (let i = 0; i < Math.min(options.jobs, tasks.length); i += 1) startWorker();
  });
}
