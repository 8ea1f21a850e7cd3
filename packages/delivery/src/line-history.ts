import { asText, readInside, writeFiles } from "@paved/fs";
import type { LineRun } from "./line.js";

/** Where `paved line` keeps its runs, inside the repository; git ignores the folder. */
export const historyDir = ".paved";
export const historyFile = `${historyDir}/line-history.jsonl`;
const ignoreFile = `${historyDir}/.gitignore`;

/** A history is small: a run is about a kilobyte. Past the cap the oldest runs are dropped. */
const maxBytes = 8 * 1024 * 1024;

/** The runs recorded so far, oldest first; lines that are not runs are skipped and counted. */
export function readLineHistory(dir: string): { runs: LineRun[]; skipped: number } {
  const read = asText(readInside(dir, historyFile, maxBytes));
  if (!read.ok) return { runs: [], skipped: 0 };
  const runs: LineRun[] = [];
  let skipped = 0;
  for (const line of read.value.split("\n")) {
    if (line.trim() === "") continue;
    try {
      // A line of the file is anyone's: checked for the shape a run has before it is used.
      const run = JSON.parse(line) as Partial<Record<keyof LineRun, unknown>> | null;
      if (run?.schemaVersion === 1 && Array.isArray(run.stations)) runs.push(run as LineRun);
      else skipped += 1;
    } catch {
      skipped += 1;
    }
  }
  return { runs, skipped };
}

/**
 * Appends a run to the history through the contained writer (no link followed out of the
 * repository), creating `.paved/.gitignore` so that the history stays out of git unless the team
 * chooses to commit it.
 */
export function appendLineRun(dir: string, run: LineRun): void {
  const previous = asText(readInside(dir, historyFile, maxBytes));
  let text = previous.ok ? previous.value : "";
  if (text !== "" && !text.endsWith("\n")) text += "\n";
  text += `${JSON.stringify(run)}\n`;
  while (Buffer.byteLength(text) > maxBytes) text = text.slice(text.indexOf("\n") + 1);
  const files = new Map([[historyFile, text]]);
  const ignore = readInside(dir, ignoreFile, 1024);
  if (!ignore.ok && ignore.missing === true)
    files.set(
      ignoreFile,
      "# paved line's history: local by default; remove this file to commit it.\n*\n",
    );
  writeFiles(dir, files, { overwrite: (path) => path === historyFile });
}

/**
 * The pre-commit hook's own run, as a one-station run of the history: from its process's start
 * (`performance.timeOrigin`) to its exit, so that the cheapest station's cost is measured too.
 */
export function hookRun(
  command: string,
  startMs: number,
  endMs: number,
  exitCode: number,
): LineRun {
  const outcome = exitCode === 0 ? "pass" : "fail";
  const durationMs = Math.max(0, Math.round(endMs - startMs));
  return {
    schemaVersion: 1,
    origin: "pre-commit",
    time: new Date(startMs).toISOString(),
    outcome,
    keepGoing: false,
    durationMs,
    stations: [{ id: "pre-commit", script: command, command, durationMs, outcome, exitCode }],
  };
}
