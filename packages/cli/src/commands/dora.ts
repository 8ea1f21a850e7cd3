import { statSync } from "node:fs";
import { resolve } from "node:path";
import {
  ConfigError,
  parseConfig,
  repositoryConfigFile,
  rules,
  type PavedConfig,
} from "@paved/conformance";
import { neutralGitInvocation } from "@paved/facts/listing";
import {
  defaultFailureWindowHours,
  deploymentsOf,
  DeploymentsError,
  dora,
  doraSettingsProblem,
  HistoryError,
  readHistory,
  renderJson,
  renderMarkdown,
  renderPretty,
  sourceOfSettings,
  tagPattern,
  type DeploymentSource,
  type DoraReport,
  type DoraSettings,
} from "@paved/delivery";
import { asText, readBounded, readInside } from "@paved/fs";
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
DIR's ${repositoryConfigFile} may set them once ("dora": deployments, tagPattern, trunk,
failureWindowHours); a flag wins over it.

Options:
  --since DATE           count deployments from DATE (ISO 8601, such as 2026-01-01)
  --until DATE           up to DATE (default: now)
  --package NAME         one package of a monorepo (its changesets tags, NAME@1.2.3)
  --tag-pattern REGEX    tags that are deployments (RE2 syntax; the first group, if any, names
                         the package)
  --deploy-on tags|merges  what counts as a deployment (default: tags)
  --trunk BRANCH         the trunk whose merges are deployments (default: the current branch)
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
  trunk: { type: "string" },
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

/** DIR's own paved.config.json → "dora", read like the audit reads it; {} without one. */
function configured(dir: string): DoraSettings | CliResult {
  const read = asText(readInside(dir, repositoryConfigFile, 4 * 1024 * 1024));
  if (!read.ok)
    return read.missing === true ? {} : usage(`${read.problem}; fix ${repositoryConfigFile}.`);
  let config: PavedConfig;
  try {
    config = parseConfig(
      read.value,
      resolve(dir, repositoryConfigFile),
      rules.map((rule) => rule.meta.id),
    );
  } catch (error) {
    if (error instanceof ConfigError) return usage(error.message);
    throw error;
  }
  return config.dora ?? {};
}

/** The flags that override DIR's "dora" settings. */
interface SettingFlags {
  "deploy-on"?: (typeof deployOn)[number] | undefined;
  "tag-pattern"?: string | undefined;
  trunk?: string | undefined;
  "failure-window"?: string | undefined;
}

/** The settings: the flags, over DIR's config. */
function settingsOf(values: SettingFlags, config: DoraSettings): DoraSettings | CliResult {
  const hours = values["failure-window"];
  if (hours !== undefined && (!/^\d+(\.\d+)?$/.test(hours) || Number(hours) <= 0))
    return usage(`--failure-window must be a positive number of hours; got '${hours}'.`);
  if (values["tag-pattern"] !== undefined) {
    try {
      tagPattern(values["tag-pattern"], "--tag-pattern");
    } catch (error) {
      return usage((error as Error).message);
    }
  }
  if (values.trunk !== undefined && doraSettingsProblem({ trunk: values.trunk }) !== undefined)
    return usage(`--trunk must be a branch name, such as main; got '${values.trunk}'.`);
  return {
    ...config,
    ...(values["deploy-on"] === undefined ? {} : { deployments: values["deploy-on"] }),
    ...(values["tag-pattern"] === undefined ? {} : { tagPattern: values["tag-pattern"] }),
    ...(values.trunk === undefined ? {} : { trunk: values.trunk }),
    ...(hours === undefined ? {} : { failureWindowHours: Number(hours) }),
  };
}

export function runDora(argv: readonly string[], io: Io): CliResult {
  const outcome = parseCommand("dora", argv, doraOptions, doraHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  if (positionals.length > 1)
    return usage(`one directory at a time; got ${positionals.join(", ")}.`);
  if (!isOneOf(values.format, formats)) return usage(mustBe("format", formats, values.format));
  const deployOnFlag = values["deploy-on"];
  if (!isOneOf(deployOnFlag, deployOn)) return usage(mustBe("deploy-on", deployOn, deployOnFlag));
  const since = dateOption("since", values.since);
  const until = dateOption("until", values.until);
  if (isResult(since)) return since;
  if (isResult(until)) return until;
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true)
    return usage(`${dir}: not a directory; pass a git checkout.`);
  const config = configured(dir);
  if (isResult(config)) return config;
  const settings = settingsOf({ ...values, "deploy-on": deployOnFlag }, config);
  if (isResult(settings)) return settings;
  const deploymentsFile =
    values.deployments === undefined ? undefined : linesOf(io, values.deployments);
  if (isResult(deploymentsFile)) return deploymentsFile;
  const incidents = values.incidents === undefined ? undefined : linesOf(io, values.incidents);
  if (isResult(incidents)) return incidents;

  try {
    const history = readHistory(dir, {
      git: neutralGitInvocation,
      ...(settings.trunk === undefined ? {} : { trunk: settings.trunk }),
    });
    const source: DeploymentSource =
      deploymentsFile !== undefined
        ? { kind: "file", ...deploymentsFile, environment: values.environment ?? "production" }
        : sourceOfSettings(settings);
    const all = deploymentsOf(history, source);
    const deployments =
      values.package === undefined ? all : all.filter((d) => d.stream === values.package);
    if (values.package !== undefined && deployments.length === 0)
      return usage(
        `no deployments of ${values.package} (tags ${values.package}@X.Y.Z); packages with deployments: ${[...new Set(all.map((d) => d.stream).filter((s) => s !== ""))].join(", ") || "none"}.`,
      );
    const report = dora(history, deployments, {
      now: Math.floor(Date.now() / 1000),
      failureWindow: (settings.failureWindowHours ?? defaultFailureWindowHours) * 3600,
      source: source.kind,
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(incidents === undefined ? {} : { incidents }),
    });
    return { exitCode: 0, stdout: rendered(report, values.format ?? "pretty"), stderr: "" };
  } catch (error) {
    if (error instanceof HistoryError || error instanceof DeploymentsError)
      return { exitCode: 2, stdout: "", stderr: `paved dora: ${error.message}\n` };
    throw error;
  }
}

function rendered(report: DoraReport, format: (typeof formats)[number]): string {
  return format === "json"
    ? renderJson(report)
    : format === "markdown"
      ? renderMarkdown(report)
      : renderPretty(report);
}
