import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Entry } from "./entry.js";
import { historyFile, prepareFleetDir, readHistory, writeWhole } from "./store.js";

/** A fleet directory that cannot be merged: which, and why. */
export class MergeError extends Error {}

const key = (entry: Entry) => `${entry.run}\0${entry.repo}`;
const order = (a: Entry, b: Entry) =>
  a.time < b.time ? -1 : a.time > b.time ? 1 : a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0;

/**
 * Joins fleet directories (shards of one run, or histories of several) into `out`: the history
 * lines of all, each (run, repository) once, in time order, each line as it was; and each
 * repository's report from the directory whose history has its latest entry.
 */
export function mergeFleetDirs(
  dirs: readonly string[],
  out: string,
): { entries: number; skipped: number } {
  const entries = new Map<string, Entry>();
  const latest = new Map<string, { entry: Entry; dir: string }>();
  let skipped = 0;
  // The target's own history is kept: merging into a fleet directory adds to it.
  const sources = existsSync(join(out, historyFile)) && !dirs.includes(out) ? [...dirs, out] : dirs;
  for (const dir of sources) {
    if (!existsSync(join(dir, historyFile)))
      throw new MergeError(
        `${dir}: no ${historyFile}; pass directories written by paved fleet audit --out.`,
      );
    skipped += readHistory(dir, (entry) => {
      entries.set(key(entry), entry);
      const seen = latest.get(entry.repo);
      if (seen === undefined || order(seen.entry, entry) <= 0)
        latest.set(entry.repo, { entry, dir });
    }).skipped;
  }
  prepareFleetDir(out);
  const sorted = [...entries.values()].sort(order);
  writeWhole(join(out, historyFile), sorted.map((entry) => `${JSON.stringify(entry)}\n`).join(""));
  for (const { entry, dir } of latest.values())
    if (
      entry.ok &&
      join(dir, entry.report) !== join(out, entry.report) &&
      existsSync(join(dir, entry.report))
    )
      copyFileSync(join(dir, entry.report), join(out, entry.report));
  return { entries: sorted.length, skipped };
}
