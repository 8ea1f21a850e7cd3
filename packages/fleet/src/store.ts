import { createHash } from "node:crypto";
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Entry } from "./entry.js";

/**
 * A fleet directory: `history.jsonl` (one line per repository per run, appended, meant to be
 * committed) and `reports/` (each repository's latest report, as `paved audit` writes it).
 */
export const historyFile = "history.jsonl";
export const reportsDir = "reports";

/** A file name for a repository id: readable, and unique by a hash of the whole id. */
export function reportFileName(id: string): string {
  const readable = id
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(-80);
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 8);
  return `${readable === "" ? "repo" : readable}-${hash}.json`;
}

/** Writes a file whole: to a temporary name first, then renamed over the old one. */
export function writeWhole(path: string, content: string): void {
  const temporary = `${path}.${String(process.pid)}.${String(Math.random()).slice(2)}.tmp`;
  writeFileSync(temporary, content, { flag: "wx" });
  renameSync(temporary, path);
}

/** The folders and an (empty) history: a shard that audited nothing still merges. */
export function prepareFleetDir(dir: string): void {
  mkdirSync(join(dir, reportsDir), { recursive: true });
  appendFileSync(join(dir, historyFile), "");
}

/** Appends entries to the history as they come: nothing of the run is held in memory. */
export function appendEntries(dir: string, entries: readonly Entry[]): void {
  if (entries.length === 0) return;
  appendFileSync(
    join(dir, historyFile),
    entries.map((entry) => `${JSON.stringify(entry)}\n`).join(""),
  );
}

/** Calls `each` with every line of a file, read a chunk at a time; nothing if the file is absent. */
export function forEachLine(path: string, each: (line: string) => void): void {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    let rest = "";
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      const lines = (rest + chunk.toString("utf8", 0, read)).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) each(line);
    }
    if (rest !== "") each(rest);
  } finally {
    closeSync(fd);
  }
}

/** A history line as an entry, or undefined for a line that is not one (skipped, counted). */
export function parseEntry(line: string): Entry | undefined {
  if (line.trim() === "") return undefined;
  try {
    const entry = JSON.parse(line) as Partial<Entry> | null;
    const valid =
      entry?.schemaVersion === 1 &&
      typeof entry.repo === "string" &&
      typeof entry.run === "string" &&
      typeof entry.time === "string" &&
      (entry.ok === false || (entry.ok === true && typeof entry.stations === "object"));
    return valid ? (entry as Entry) : undefined;
  } catch {
    return undefined;
  }
}

/** Every entry of a fleet directory's history, oldest first as appended; bad lines counted. */
export function readHistory(dir: string, each: (entry: Entry) => void): { skipped: number } {
  let skipped = 0;
  forEachLine(join(dir, historyFile), (line) => {
    const entry = parseEntry(line);
    if (entry) each(entry);
    else if (line.trim() !== "") skipped += 1;
  });
  return { skipped };
}
