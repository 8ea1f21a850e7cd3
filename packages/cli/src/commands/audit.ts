import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  audit,
  renderJson,
  renderMarkdown,
  renderPretty,
  renderSarif,
  rules,
  UsageError,
  type Report,
} from "@paved/conformance";
import type { CliResult, Io } from "../io.js";

const formats = ["pretty", "json", "sarif", "markdown"] as const;
type Format = (typeof formats)[number];

export const auditHelp = `Usage: paved audit [DIR] [options]

Audits a repository against the paved road: which stations are wired, which are missing, and
which classes of defect its line lets through. Reads files only; never runs anything from DIR.

Options:
  --format pretty|json|sarif|markdown  output format (default: pretty)
  --output FILE                        write the report to FILE instead of standard output
  --min-score N                        exit 1 when the score is below N (0-100, default 0)
  -h, --help                           print this help

Exit codes: 0 at or above --min-score, 1 below it, 2 for usage or configuration errors.
`;

function render(report: Report, format: Format, color: boolean): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(
        report,
        rules.map((rule) => rule.meta),
      );
    case "markdown":
      return renderMarkdown(report);
    case "pretty":
      return renderPretty(report, color);
  }
}

/** A plain decimal from 0 to 100; `Number()` alone would take "", " 7", "0x10" and "1e1". */
function parseMinScore(value: string | undefined): number | undefined {
  if (value === undefined) return 0;
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  const number = Number(value);
  return number <= 100 ? number : undefined;
}

/** Colours on a terminal only, and never when NO_COLOR is set to anything (no-color.org) or TERM=dumb. */
function colorWanted(io: Io): boolean {
  const noColor = io.env["NO_COLOR"];
  return (
    io.stdoutIsTerminal && (noColor === undefined || noColor === "") && io.env["TERM"] !== "dumb"
  );
}

/** Writes through a temporary file and a rename, so a failed write never leaves half a report. */
function writeAtomically(path: string, shown: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${String(process.pid)}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(
      `${shown}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? "error"}); check that its directory exists and is writable.`,
    );
  }
}

const usage = (message: string): CliResult => ({
  exitCode: 2,
  stdout: "",
  stderr: `paved audit: ${message}\nRun 'paved audit --help' for usage.\n`,
});

export function runAudit(argv: readonly string[], io: Io): CliResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        format: { type: "string" },
        output: { type: "string" },
        "min-score": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { exitCode: 0, stdout: auditHelp, stderr: "" };
  if (positionals.length > 1)
    return usage(`one directory at a time; got ${positionals.join(", ")}.`);
  const format = (values.format ?? "pretty") as Format;
  if (!formats.includes(format))
    return usage(`--format must be one of ${formats.join(", ")}; got '${values.format ?? ""}'.`);
  if (values.output === "") return usage("--output needs a file path.");
  const minScore = parseMinScore(values["min-score"]);
  if (minScore === undefined)
    return usage(`--min-score must be a number from 0 to 100; got '${values["min-score"] ?? ""}'.`);

  try {
    const report = audit(resolve(io.cwd, positionals[0] ?? "."));
    const color = values.output === undefined && colorWanted(io);
    const text = render(report, format, color);
    const belowThreshold = report.score < minScore;
    const verdict = belowThreshold
      ? `score ${String(report.score)} is below --min-score ${String(minScore)}\n`
      : "";
    if (values.output !== undefined) {
      writeAtomically(resolve(io.cwd, values.output), values.output, text);
      return {
        exitCode: belowThreshold ? 1 : 0,
        stdout: "",
        stderr: `paved audit: score ${String(report.score)}/100, report written to ${values.output}\n${verdict}`,
      };
    }
    return {
      exitCode: belowThreshold ? 1 : 0,
      stdout: text,
      stderr: verdict === "" ? "" : `paved audit: ${verdict}`,
    };
  } catch (error) {
    if (error instanceof UsageError)
      return { exitCode: 2, stdout: "", stderr: `paved audit: ${error.message}\n` };
    throw error;
  }
}
