import { join } from "node:path";
import { createRequire } from "node:module";
import type * as ProperLockfile from "proper-lockfile";
import { WriteError } from "./write.js";

/** How long a second writer waits for the first (a `paved new` takes well under a second). */
const waitMs = 30_000;
const pauseMs = 50;

const sleep = (ms: number) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Runs `work` while holding the lock of a directory (a `.paved.lock` directory in it, made with
 * proper-lockfile's `mkdir` protocol; a lock left by a crashed process goes stale in 10 s), so
 * that two Paved runs editing the same workspace do not both read, then both write, and lose
 * each other's lines. `work` reads and writes under the lock.
 */
export function withLock<T>(directory: string, work: () => T): T {
  // Loaded on first use: `paved audit` bundles this module but never locks.
  const { lockSync } = createRequire(import.meta.url)("proper-lockfile") as typeof ProperLockfile;
  const lockfilePath = join(directory, ".paved.lock");
  const deadline = Date.now() + waitMs;
  let release: (() => void) | undefined;
  while (release === undefined) {
    try {
      release = lockSync(directory, { lockfilePath, realpath: false, stale: 10_000 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ELOCKED" || Date.now() > deadline)
        throw new WriteError(
          code === "ELOCKED"
            ? `${lockfilePath}: another Paved run has been writing here for ${String(waitMs / 1000)} s; wait for it, or remove the lock if no Paved runs.`
            : `${lockfilePath}: cannot take the lock (${code ?? "error"}); check that ${directory} is writable.`,
          code,
        );
      sleep(pauseMs);
    }
  }
  try {
    return work();
  } finally {
    release();
  }
}
