import { resolve } from "node:path";
import {
  budget,
  BudgetInputError,
  historyFile,
  readLineHistory,
  samplesOfGithubJobs,
  samplesOfHistory,
  samplesOfJunit,
  type BudgetReport,
  type StationSample,
} from "@paved/delivery";
import { asText, readBounded } from "@paved/fs";
import {
  commandError,
  isOneOf,
  mustBe,
  parseCommand,
  usageError,
  type CliResult,
  type Io,
} from "../io.js";

export const budgetHelp = `Usage: paved budget [DIR] [options]

Each station's budget: what it costs against what it catches. Reads the runs paved line
recorded in DIR/${historyFile} and, where given, CI timing exports, and shows per station the
runs, the p50 and p95 cost, the failures it caught, the cost per catch and its share of the
line's time; it flags stations that cost much and catch little, and failures that a cheaper,
earlier station exists to catch (a test run failing on a type error). Reads files only.

Options:
  --junit FILE          a JUnit XML report of a CI test run (repeatable)
  --github-jobs FILE    the JSON of GitHub Actions' jobs API for a run (repeatable); steps named
                        as paved ci names them (Lint, Typecheck, Test, ...) are stations
  --format pretty|json  output format (default: pretty)
  -h, --help            print this help

Exit codes: 0 shown (also with nothing recorded yet), 2 usage or unreadable input.
`;

const usage = (message: string): CliResult => usageError("budget", message);
const formats = ["pretty", "json"] as const;

const budgetOptions = {
  junit: { type: "string", multiple: true },
  "github-jobs": { type: "string", multiple: true },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const ms = (value: number | null) =>
  value === null
    ? "—"
    : value >= 60_000
      ? `${(value / 60_000).toFixed(1)} min`
      : `${(value / 1000).toFixed(1)} s`;

function renderPretty(report: BudgetReport): string {
  if (report.stations.length === 0)
    return `Nothing recorded yet: run paved line (it appends to ${historyFile}), or pass CI exports.\n`;
  const header = `${"station".padEnd(12)}${"runs".padStart(6)}${"p50".padStart(10)}${"p95".padStart(10)}${"caught".padStart(8)}${"per catch".padStart(12)}${"share".padStart(8)}`;
  const rows = report.stations.map(
    (entry) =>
      `${entry.station.padEnd(12)}${String(entry.runs).padStart(6)}${ms(entry.p50Ms).padStart(10)}${ms(entry.p95Ms).padStart(10)}${String(entry.failures).padStart(8)}${ms(entry.costPerCatchMs).padStart(12)}${`${String(Math.round(entry.share * 100))}%`.padStart(8)}`,
  );
  const findings =
    report.findings.length === 0 ? [] : ["", ...report.findings.map((line) => `! ${line}`)];
  return `Station budgets from ${String(report.runs.local)} local run(s) and ${String(report.runs.ci)} CI export(s):\n\n${header}\n${rows.join("\n")}\n${findings.join("\n")}\n`;
}

export function runBudget(argv: readonly string[], io: Io): CliResult {
  const outcome = parseCommand("budget", argv, budgetOptions, budgetHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  if (positionals.length > 1)
    return usage(`one directory at a time; got ${positionals.join(", ")}.`);
  if (!isOneOf(values.format, formats)) return usage(mustBe("format", formats, values.format));
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  const history = readLineHistory(dir);
  const samples: StationSample[] = samplesOfHistory(history.runs);
  let ci = 0;
  try {
    for (const [files, read] of [
      [values.junit ?? [], samplesOfJunit],
      [values["github-jobs"] ?? [], samplesOfGithubJobs],
    ] as const)
      for (const file of files) {
        const text = asText(readBounded(resolve(io.cwd, file), 64 * 1024 * 1024));
        if (!text.ok) return usage(`${text.problem}.`);
        samples.push(...read(text.value, file));
        ci += 1;
      }
  } catch (error) {
    if (error instanceof BudgetInputError)
      return { exitCode: 2, stdout: "", stderr: commandError("budget", error.message) };
    throw error;
  }
  const report = budget(samples, { local: history.runs.length, ci });
  const skipped =
    history.skipped > 0
      ? `paved budget: ${String(history.skipped)} line(s) of ${historyFile} are not runs; skipped.\n`
      : "";
  return {
    exitCode: 0,
    stdout:
      values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderPretty(report),
    stderr: skipped,
  };
}
