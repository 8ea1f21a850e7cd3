import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fixableKeys } from "@paved/adopt/fixable";
import { writeOutput, WriteError } from "@paved/fs";
import {
  audit,
  createBaseline,
  renderJson,
  renderMarkdown,
  renderPretty,
  renderSarif,
  rules,
  UsageError,
  type FindingFix,
  type Report,
} from "@paved/conformance";
import type { GitListing } from "@paved/facts/listing";
import type { Prehistory } from "../history-prefetch.js";
import {
  commandError,
  isOneOf,
  mustBe,
  parseCommand,
  usageError,
  type CliResult,
  type Io,
} from "../io.js";

const formats = ["pretty", "json", "sarif", "markdown"] as const;
type Format = (typeof formats)[number];

export const auditHelp = `Usage: paved audit [DIR] [options]

Audits a repository against the paved road: which stations are wired, which are missing, and
which classes of defect its line lets through. Reads files only; never runs anything from DIR.

Options:
  --format pretty|json|sarif|markdown  output format (default: pretty)
  --output FILE                        write the report to FILE instead of standard output
                                       ("-" for standard output; a device or FIFO is
                                       written to, never replaced)
  --min-score N                        exit 1 when the score is below N (0-100; default: the
                                       config's minScore, else 0)
  --config FILE                        the organisation's paved.config.json; it wins over the
                                       repository's own, whose settings cannot switch off the
                                       rules it enforces
  --baseline FILE                      fail only on failures not in this baseline (default:
                                       DIR/paved.baseline.json when it exists)
  --update-baseline                    write the current failures to the baseline and exit 0
  -h, --help                           print this help

Exit codes: 0 at or above the minimum score (and, with a baseline, no new failures),
1 otherwise, 2 for usage or configuration errors.
`;

function render(
  report: Report,
  format: Format,
  color: boolean,
  fixes: ReadonlyMap<string, FindingFix>,
): string {
  switch (format) {
    case "json":
      return renderJson(report, fixableKeys(report));
    case "sarif":
      return renderSarif(
        report,
        rules.map((rule) => rule.meta),
        fixes,
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

/**
 * Writes a report or baseline through Paved's contained writer: a device, FIFO or `/dev/stdout`
 * as a stream, a regular file all or nothing with its mode and links kept, and inside the
 * audited directory no link followed.
 */
function writeReport(path: string, shown: string, content: string, dir: string): void {
  try {
    writeOutput(path, content, { inside: dir, shown });
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    throw new UsageError(error.message);
  }
}

/** `--config` is resolved against the caller's directory, not the audited one. */
function configOption(config: string | undefined, io: Io): { configPath?: string } {
  return config === undefined ? {} : { configPath: resolve(io.cwd, config) };
}

/** The listing bin.ts started early, when it is of the directory being audited. */
function prelistedOption(dir: string, io: Io): { gitFiles?: GitListing; history?: Prehistory } {
  return {
    ...(io.prelisted?.root === dir ? { gitFiles: io.prelisted.listing } : {}),
    ...(io.prehistory?.root === dir ? { history: io.prehistory.history } : {}),
  };
}

const usage = (message: string): CliResult => usageError("audit", message);

const auditOptions = {
  format: { type: "string" },
  output: { type: "string" },
  "min-score": { type: "string" },
  config: { type: "string" },
  baseline: { type: "string" },
  "update-baseline": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function runAudit(argv: readonly string[], io: Io): CliResult {
  const outcome = parseCommand("audit", argv, auditOptions, auditHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  if (positionals.length > 1)
    return usage(`one directory at a time; got ${positionals.join(", ")}.`);
  if (!isOneOf(values.format, formats)) return usage(mustBe("format", formats, values.format));
  const format: Format = values.format ?? "pretty";
  if (values.output === "") return usage("--output needs a file path.");
  const flagScore =
    values["min-score"] === undefined ? undefined : parseMinScore(values["min-score"]);
  if (values["min-score"] !== undefined && flagScore === undefined)
    return usage(`--min-score must be a number from 0 to 100; got '${values["min-score"] ?? ""}'.`);

  const dir = resolve(io.cwd, positionals[0] ?? ".");
  const defaultBaseline = join(dir, "paved.baseline.json");
  const baselinePath =
    values.baseline ?? (existsSync(defaultBaseline) ? defaultBaseline : undefined);
  try {
    if (values["update-baseline"]) {
      const target = values.baseline ?? defaultBaseline;
      const report = audit(dir, configOption(values.config, io));
      writeReport(
        resolve(io.cwd, target),
        target,
        `${JSON.stringify(createBaseline(report.findings), null, 2)}\n`,
        dir,
      );
      const failures = report.findings.filter(
        (finding) => finding.outcome === "fail" && !finding.waiver,
      ).length;
      return {
        exitCode: 0,
        stdout: "",
        stderr: `paved audit: baseline of ${String(failures)} failure(s) written to ${target}\n`,
      };
    }
    const options = {
      ...configOption(values.config, io),
      ...prelistedOption(dir, io),
      ...(baselinePath === undefined ? {} : { baselinePath }),
    };
    // SARIF carries the fixes `paved adopt` would make (the plan reads the same index); JSON
    // marks the failures of the rules it has fixes for, which costs nothing.
    const plan = format === "sarif" ? io.adopt?.planAdopt(dir, options) : undefined;
    const report = plan?.report ?? audit(dir, options);
    const fixes = plan && io.adopt ? io.adopt.findingFixes(plan) : new Map<string, FindingFix>();
    const color = (values.output ?? "-") === "-" && colorWanted(io);
    const text = render(report, format, color, fixes);
    const minScore = flagScore ?? report.config.minScore ?? 0;
    const reasons: string[] = [];
    if (report.score < minScore)
      reasons.push(`score ${String(report.score)} is below the minimum ${String(minScore)}`);
    if (report.baseline && report.baseline.new > 0)
      reasons.push(
        `${String(report.baseline.new)} new failure(s) not in the baseline ${report.baseline.path}`,
      );
    const exitCode = reasons.length > 0 ? 1 : 0;
    const verdict = reasons.map((reason) => `paved audit: ${reason}\n`).join("");
    if (values.output !== undefined && values.output !== "-") {
      writeReport(resolve(io.cwd, values.output), values.output, text, dir);
      return {
        exitCode,
        stdout: "",
        stderr: `paved audit: score ${String(report.score)}/100, report written to ${values.output}\n${verdict}`,
      };
    }
    return { exitCode, stdout: text, stderr: verdict };
  } catch (error) {
    if (error instanceof UsageError)
      return { exitCode: 2, stdout: "", stderr: commandError("audit", error.message) };
    throw error;
  }
}
