import { statSync } from "node:fs";
import { resolve } from "node:path";
import {
  deploymentsOf,
  DeploymentsError,
  dora,
  HistoryError,
  readHistory,
  renderJson,
  renderMarkdown,
  renderPretty,
  type DeploymentSource,
} from "@paved/delivery";
import { asText, readBounded } from "@paved/fs";
import { isOneOf, mustBe, parseCommand, usageError, type CliResult, type Io } from "../io.js";

export const doraHelp = `Usage: paved dora [DIR] [options]

DORA's four keys for the repository in DIR (default: the current directory), from its git
history alone: deployment frequency, lead time for changes, change failure rate and time to
restore, each with its DORA performance band and the rule it was computed by. Reads git only,
with the audit's neutralised configuration; never runs anything from DIR.

Deployments are release tags (v1.2.3, and changesets' pkg@1.2.3 per package), or, with
--deploy-on merges, every commit of the trunk's first-parent line, or the records of
--deployments FILE. Without --incidents, failures are a proxy: a deployment followed within the
failure window by a revert of one of its changes or by a patch release counts as failed.

Options:
  --since DATE           count deployments from DATE (ISO 8601, such as 2026-01-01)
  --until DATE           up to DATE (default: now)
  --package NAME         one package of a monorepo (its changesets tags, NAME@1.2.3)
  --tag-pattern REGEX    tags that are deployments (the first group, if any, names the package)
  --deploy-on tags|merges  what counts as a deployment (default: tags)
  --deployments FILE     JSON lines {"time", "version" | "commit", "environment"}: measured
  --environment NAME     the environment of --deployments records to count (default: production)
  --incidents FILE       JSON lines {"start", "end", "version" | "commit"}: failures measured
  --failure-window HOURS how long after a deployment a revert or patch marks it failed (168)
  --format pretty|json|markdown  output format (default: pretty)
  -h, --help             print this help

Exit codes: 0 computed (also with no deployments), 2 usage or unreadable input.
`;

const formats = ["pretty", "json", "markdown"] as const;
const deployOn = ["tags", "merges"] as const;
const usage = (message: string): CliResult => usageError("dora", message);

const doraOptions = {
  since: { type: "string" },
  until: { type: "string" },
  package: { type: "string" },
  "tag-pattern": { type: "string" },
  "deploy-on": { type: "string" },
  deployments: { type: "string" },
  environment: { type: "string" },
  incidents: { type: "string" },
  "failure-window": { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** A date flag as seconds since the epoch; a bare date is midnight UTC. */
function dateOption(name: string, value: string | undefined): number | undefined | CliResult {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms)
    ? Math.floor(ms / 1000)
    : usage(`--${name} must be a date such as 2026-01-01 or 2026-01-01T12:00:00Z; got '${value}'.`);
}

/** JSON lines from a file the user named: a regular file, at most 64 MiB. */
function linesOf(io: Io, path: string): { lines: string[]; path: string } | CliResult {
  const read = asText(readBounded(resolve(io.cwd, path), 64 * 1024 * 1024));
  if (!read.ok) return usage(`${read.problem}.`);
  return { lines: read.value.split(/\r?\n/), path };
}

const isResult = (value: unknown): value is CliResult =>
  value !== null && typeof value === "object" && "exitCode" in value;

export function runDora(argv: readonly string[], io: Io): CliResult {
  const outcome = parseCommand("dora", argv, doraOptions, doraHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  if (positionals.length > 1)
    return usage(`one directory at a time; got ${positionals.join(", ")}.`);
  if (!isOneOf(values.format, formats)) return usage(mustBe("format", formats, values.format));
  if (!isOneOf(values["deploy-on"], deployOn))
    return usage(mustBe("deploy-on", deployOn, values["deploy-on"]));
  const since = dateOption("since", values.since);
  const until = dateOption("until", values.until);
  if (isResult(since)) return since;
  if (isResult(until)) return until;
  const windowHours = Number(values["failure-window"] ?? "168");
  if (!/^\d+(\.\d+)?$/.test(values["failure-window"] ?? "168") || windowHours <= 0)
    return usage(
      `--failure-window must be a positive number of hours; got '${values["failure-window"] ?? ""}'.`,
    );
  let pattern: RegExp | undefined;
  try {
    pattern = values["tag-pattern"] === undefined ? undefined : new RegExp(values["tag-pattern"]);
  } catch (error) {
    return usage(`--tag-pattern is not a regular expression (${(error as Error).message}).`);
  }
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true)
    return usage(`${dir}: not a directory; pass a git checkout.`);
  const deploymentsFile =
    values.deployments === undefined ? undefined : linesOf(io, values.deployments);
  if (isResult(deploymentsFile)) return deploymentsFile;
  const incidents = values.incidents === undefined ? undefined : linesOf(io, values.incidents);
  if (isResult(incidents)) return incidents;

  try {
    const history = readHistory(dir);
    const source: DeploymentSource =
      deploymentsFile !== undefined
        ? { kind: "file", ...deploymentsFile, environment: values.environment ?? "production" }
        : values["deploy-on"] === "merges"
          ? { kind: "merges" }
          : { kind: "tags", ...(pattern === undefined ? {} : { pattern }) };
    const all = deploymentsOf(history, source);
    const deployments =
      values.package === undefined ? all : all.filter((d) => d.stream === values.package);
    if (values.package !== undefined && deployments.length === 0)
      return usage(
        `no deployments of ${values.package} (tags ${values.package}@X.Y.Z); packages with deployments: ${[...new Set(all.map((d) => d.stream).filter((s) => s !== ""))].join(", ") || "none"}.`,
      );
    const report = dora(history, deployments, {
      now: Math.floor(Date.now() / 1000),
      failureWindow: windowHours * 3600,
      source: source.kind,
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(incidents === undefined ? {} : { incidents }),
    });
    const format = values.format ?? "pretty";
    const text =
      format === "json"
        ? renderJson(report)
        : format === "markdown"
          ? renderMarkdown(report)
          : renderPretty(report);
    return { exitCode: 0, stdout: text, stderr: "" };
  } catch (error) {
    if (error instanceof HistoryError || error instanceof DeploymentsError)
      return { exitCode: 2, stdout: "", stderr: `paved dora: ${error.message}\n` };
    throw error;
  }
}
