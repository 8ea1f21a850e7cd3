import { join, resolve } from "node:path";
import { neutralGit } from "@paved/facts/listing";
import { appendLineRun, historyFile, planLine, runLine, type LineRun } from "@paved/delivery";
import { asText, entryAt, readInside, WriteError } from "@paved/fs";
import { scriptedStations, stations } from "@paved/stations";
import { commandError, parseCommand, usageError, type CliResult, type Io } from "../io.js";

export const lineHelp = `Usage: paved line [DIR] [--keep-going] [--station ID ...]

Runs the repository's own line on this machine, station by station in the catalogue's order:
each station DIR's package.json has a script for (format:check, lint, typecheck, test, build),
with its package manager. It shows each station's time, stops at the first station that fails
and says which (the andon cord), and appends the run to ${historyFile} (ignored by git unless
you commit it), which paved budget reads.

This RUNS THE REPOSITORY'S SCRIPTS: use it on your own repository, never on one you do not
trust. paved audit never runs it.

Options:
  --keep-going     run every station, even after one failed
  --station ID     run only this station (repeatable): ${scriptedStations
    .map((station) => station.id)
    .join(", ")}
  -h, --help       print this help

Exit codes: 0 every station passed, 1 a station failed, 2 usage, 130 interrupted (Ctrl-C).
`;

const usage = (message: string): CliResult => usageError("line", message);

const lineOptions = {
  "keep-going": { type: "boolean" },
  station: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

/** The seconds of a run, for the summary table. */
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function summary(run: LineRun): string {
  const rows = run.stations.map(
    (station) =>
      `  ${station.id.padEnd(10)} ${station.outcome.padEnd(12)} ${station.outcome === "not-run" ? "" : seconds(station.durationMs)}`,
  );
  return `paved line: ${run.outcome} in ${seconds(run.durationMs)}\n${rows.join("\n")}\n`;
}

/**
 * `paved line`: asynchronous, since it runs the stations as child processes whose output passes
 * through as it comes; bin.ts awaits it.
 */
export async function runLineCommand(argv: readonly string[], io: Io): Promise<CliResult> {
  const outcome = parseCommand("line", argv, lineOptions, lineHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  if (positionals.length > 1)
    return usage(`one directory at a time; got ${positionals.join(", ")}.`);
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  const known = stations.map((station) => station.id as string);
  const unknown = (values.station ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0)
    return usage(`no station ${unknown.join(", ")}; stations are ${known.join(", ")}.`);
  const read = asText(readInside(dir, "package.json", 4 * 1024 * 1024));
  if (!read.ok)
    return usage(`${join(dir, "package.json")}: ${read.why}; run paved line in a package's root.`);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(read.value) as Record<string, unknown>;
  } catch {
    return usage(`${join(dir, "package.json")}: not valid JSON; fix it first.`);
  }
  const plan = planLine(manifest, (path) => entryAt(join(dir, path)) !== undefined, values.station);
  if (plan.stations.length === 0)
    return usage(
      `${join(dir, "package.json")} has no script for ${values.station === undefined ? "any station" : values.station.join(", ")} (format:check, lint, typecheck, test, build).`,
    );
  const progress = (line: string) => process.stderr.write(`paved line: ${line}\n`);
  if (plan.missing.length > 0 && values.station === undefined)
    progress(`no script for: ${plan.missing.join(", ")}; those stations are not on this line.`);
  const run = await runLine(plan.stations, {
    cwd: dir,
    keepGoing: values["keep-going"] === true,
    env: process.env,
    progress,
    output: { stdout: process.stdout, stderr: process.stderr },
  });
  const head = neutralGit(dir, ["rev-parse", "HEAD"]);
  const commit = head.status === 0 ? head.stdout.toString("utf8").trim() : undefined;
  const recorded = commit === undefined ? run : { ...run, commit };
  let note = "";
  try {
    appendLineRun(dir, recorded);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    note = commandError("line", `the run was not recorded: ${error.message}`);
  }
  return {
    exitCode: run.outcome === "pass" ? 0 : run.outcome === "fail" ? 1 : 130,
    stdout: "",
    stderr: `${summary(recorded)}${note}`,
  };
}
