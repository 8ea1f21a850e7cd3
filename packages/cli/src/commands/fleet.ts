import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { renderFleetGithub, renderFleetGitlab } from "@paved/ci";
import {
  expandRepos,
  fleetAudit,
  fleetConfigFile,
  FleetConfigError,
  fleetDashboard,
  FleetInputError,
  inShard,
  loadFleetConfig,
  MergeError,
  mergeFleetDirs,
  parseShard,
  renderReport,
  reportFormats,
  writeHtmlDashboard,
  type Dashboard,
  type Entry,
  type FleetConfig,
} from "@paved/fleet";
import {
  commandError,
  isOneOf,
  mustBe,
  parseCommand,
  usageError,
  type CliResult,
  type Io,
} from "../io.js";
import { packageInfo } from "../version.js";

export const fleetHelp = `Usage: paved fleet audit REPOS... --out DIR [options]
       paved fleet merge DIR... --out DIR
       paved fleet report DIR [--out FOLDER] [--format html|markdown|json]
       paved fleet pipeline --provider github|gitlab [--shards N]

Audits many repositories at once and keeps their history. REPOS are checkouts, directories of
checkouts, bare git repositories (checked out read-only into a temporary directory) or files
listing paths one a line. Each repository's report in DIR/reports/ is the JSON paved audit
writes; each run appends a line per repository to DIR/history.jsonl. A repository that is
missing, broken or over the time limit is recorded as an error, and the run goes on.
Like paved audit, it reads files only and never runs anything from a repository.

audit options:
  --out DIR              the fleet directory (required)
  --jobs N               repositories audited at once (default: the number of cores)
  --shard I/N            audit only shard I of N (a stable slice by repository name)
  --timeout SECONDS      the time limit per repository (default: 120)
  --run ID               the run's id; shards of one run share it (default: the start time)
  --config FILE          the organisation's paved.config.json, as paved audit --config
  --fleet-config FILE    teams and campaigns (default: DIR/${fleetConfigFile})
  --fail-on-campaign     exit 1 when a campaign's deadline passed with its target unmet

merge: joins fleet directories (the shards of a run) into --out DIR; each (run, repository)
once, the lines as they were.

report options:
  --out FOLDER           where the HTML dashboard goes (default: DIR/dashboard)
  --format html|markdown|json  the static dashboard, a digest, or the data (default: html;
                         markdown and json go to standard output)
  --fleet-config FILE    teams and campaigns (default: DIR/${fleetConfigFile})
  --today YYYY-MM-DD     the date deadlines and waiver expiry are measured from
  --fail-on-campaign     exit 1 when a campaign's deadline passed with its target unmet

pipeline: prints the CI pipeline that audits the fleet on a matrix of N shards (default 4),
merges them and reports: a GitHub Actions workflow (.github/workflows/fleet.yml) or a GitLab
CI file with a parallel: job (.gitlab-ci.yml). It reads fleet/repos.txt, one clone URL a line.

Exit codes: 0 done (errors of single repositories are recorded, not fatal), 1 a campaign
missed with --fail-on-campaign, 2 usage or configuration errors.
`;

const usage = (message: string): CliResult => usageError("fleet", message);

const options = {
  out: { type: "string" },
  jobs: { type: "string" },
  shard: { type: "string" },
  timeout: { type: "string" },
  run: { type: "string" },
  config: { type: "string" },
  "fleet-config": { type: "string" },
  "fail-on-campaign": { type: "boolean" },
  format: { type: "string" },
  today: { type: "string" },
  provider: { type: "string" },
  shards: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Writes progress as it happens: a bar redrawn in place on a terminal, plain lines elsewhere. */
export type Progress = (done: number, total: number, entry: Entry) => void;

export function progressWriter(write: (text: string) => void, terminal: boolean): Progress {
  return (done, total, entry) => {
    const what = entry.ok ? `score ${String(entry.score)}` : `error: ${entry.error}`;
    if (!terminal) {
      write(`paved fleet: ${String(done)}/${String(total)} ${entry.repo} ${what}\n`);
      return;
    }
    const width = 30;
    const filled = Math.round((width * done) / total);
    const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
    write(
      `\r\x1b[2K[${bar}] ${String(done)}/${String(total)} ${entry.repo.slice(-40)}${done === total ? "\n" : ""}`,
    );
  };
}

/** The bundle's own worker, beside its chunks; elsewhere @paved/fleet's built one. */
function workerUrl(): URL | undefined {
  const bundled = new URL("./fleet-worker.mjs", import.meta.url);
  return existsSync(fileURLToPath(bundled)) ? bundled : undefined;
}

const positiveInteger = (text: string | undefined) =>
  text !== undefined && /^[1-9]\d{0,5}$/.test(text) ? Number(text) : undefined;

/** An output folder that exists as something else: a usage error, before anything runs. */
function notAFolder(path: string, shown: string): CliResult | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && !stat.isDirectory()
    ? usage(`--out ${shown}: not a directory; name a folder (it is created when missing).`)
    : undefined;
}

const today = () => new Date().toISOString().slice(0, 10);

function fleetConfig(value: string | undefined, dir: string, io: Io): FleetConfig {
  return value === undefined
    ? loadFleetConfig(join(dir, fleetConfigFile), false)
    : loadFleetConfig(resolve(io.cwd, value), true);
}

/** The campaigns whose deadline passed unmet, as lines for stderr. */
function missedCampaigns(model: Dashboard): string[] {
  return model.campaigns
    .filter((campaign) => campaign.status === "missed")
    .map(
      (campaign) =>
        `paved fleet: campaign ${campaign.id} missed: ${String(campaign.share)}% of ${String(campaign.target)}% by ${campaign.deadline} (owner ${campaign.owner})\n`,
    );
}

type Values = Parsed["values"];
type Parsed = Extract<
  ReturnType<typeof parseCommand<typeof options>>,
  { parsed: unknown }
>["parsed"];

async function auditCommand(
  repos: string[],
  values: Values,
  io: Io,
  progress: Progress,
): Promise<CliResult> {
  if (repos.length === 0)
    return usage(
      "name the repositories to audit: checkouts, directories of them, bare repositories or a list file.",
    );
  if (values.out === undefined || values.out === "")
    return usage("--out DIR is required: the fleet directory reports and history go to.");
  const jobs = values.jobs === undefined ? availableParallelism() : positiveInteger(values.jobs);
  if (jobs === undefined)
    return usage(`--jobs must be a whole number from 1; got '${values.jobs ?? ""}'.`);
  const timeout = values.timeout === undefined ? 120 : positiveInteger(values.timeout);
  if (timeout === undefined)
    return usage(
      `--timeout must be a whole number of seconds from 1; got '${values.timeout ?? ""}'.`,
    );
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && shard === undefined)
    return usage(`--shard must be I/N with 1 ≤ I ≤ N, such as 2/4; got '${values.shard}'.`);
  const out = resolve(io.cwd, values.out);
  const refused = notAFolder(out, values.out);
  if (refused) return refused;
  const config = fleetConfig(values["fleet-config"], out, io);
  const all = expandRepos(repos, io.cwd);
  const sources = shard === undefined ? all : all.filter((source) => inShard(source.id, shard));
  const url = workerUrl();
  const result = await fleetAudit(sources, {
    out,
    jobs,
    timeoutMs: timeout * 1000,
    teams: config.teams,
    onProgress: progress,
    ...(values.run === undefined ? {} : { run: values.run }),
    ...(values.config === undefined ? {} : { configPath: resolve(io.cwd, values.config) }),
    ...(url === undefined ? {} : { workerUrl: url }),
  });
  const missed = values["fail-on-campaign"]
    ? missedCampaigns(fleetDashboard(out, { config, today: today() }))
    : [];
  const shardNote =
    shard === undefined
      ? ""
      : ` (shard ${String(shard.index)}/${String(shard.count)} of ${String(all.length)})`;
  return {
    exitCode: missed.length > 0 ? 1 : 0,
    stdout: "",
    stderr: `paved fleet: ${String(result.audited)} repositories audited${shardNote}, ${String(result.errors)} errors; run ${result.run} in ${values.out}\n${missed.join("")}`,
  };
}

function mergeCommand(dirs: string[], values: Values, io: Io): CliResult {
  if (dirs.length === 0) return usage("name the fleet directories to merge.");
  if (values.out === undefined || values.out === "")
    return usage("--out DIR is required: where the merged fleet goes.");
  const refused = notAFolder(resolve(io.cwd, values.out), values.out);
  if (refused) return refused;
  const merged = mergeFleetDirs(
    dirs.map((dir) => resolve(io.cwd, dir)),
    resolve(io.cwd, values.out),
  );
  const skipped =
    merged.skipped > 0 ? `; ${String(merged.skipped)} unreadable history lines skipped` : "";
  return {
    exitCode: 0,
    stdout: "",
    stderr: `paved fleet: ${String(merged.entries)} history entries merged into ${values.out}${skipped}\n`,
  };
}

function reportCommand(dirs: string[], values: Values, io: Io): CliResult {
  if (dirs.length !== 1)
    return usage("name one fleet directory (merge shards first with paved fleet merge).");
  if (!isOneOf(values.format, reportFormats))
    return usage(mustBe("format", reportFormats, values.format));
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
    return usage(`--today must be YYYY-MM-DD; got '${values.today}'.`);
  const dir = resolve(io.cwd, dirs[0] ?? ".");
  if (!existsSync(join(dir, "history.jsonl")))
    return usage(
      `${dirs[0] ?? ""}: no history.jsonl; run paved fleet audit --out ${dirs[0] ?? ""} first.`,
    );
  const config = fleetConfig(values["fleet-config"], dir, io);
  const model = fleetDashboard(dir, { config, today: values.today ?? today() });
  const missed = values["fail-on-campaign"] ? missedCampaigns(model) : [];
  const exitCode = missed.length > 0 ? 1 : 0;
  const skipped =
    model.skippedLines > 0
      ? `paved fleet: ${String(model.skippedLines)} unreadable history lines skipped\n`
      : "";
  const format = values.format ?? "html";
  if (format !== "html")
    return {
      exitCode,
      stdout: renderReport(model, format),
      stderr: `${skipped}${missed.join("")}`,
    };
  const out = values.out === undefined ? join(dir, "dashboard") : resolve(io.cwd, values.out);
  const refused = notAFolder(out, values.out ?? out);
  if (refused) return refused;
  const files = writeHtmlDashboard(dir, out, model);
  return {
    exitCode,
    stdout: "",
    stderr: `${skipped}paved fleet: dashboard of ${String(model.repos.length)} repositories (${String(files.length)} pages) written to ${join(out, "index.html")}\n${missed.join("")}`,
  };
}

const providers = ["github", "gitlab"] as const;

function pipelineCommand(rest: string[], values: Values): CliResult {
  if (rest.length > 0) return usage(`pipeline takes no arguments; got ${rest.join(", ")}.`);
  if (values.provider === undefined || !isOneOf(values.provider, providers))
    return usage(mustBe("provider", providers, values.provider));
  const shards = values.shards === undefined ? 4 : positiveInteger(values.shards);
  if (shards === undefined || shards > 256)
    return usage(`--shards must be a whole number from 1 to 256; got '${values.shards ?? ""}'.`);
  const options = { shards, paved: packageInfo().version, version: ciManifest.version };
  const rendered =
    values.provider === "github" ? renderFleetGithub(options) : renderFleetGitlab(options);
  const [[path, text] = ["", ""]] = [...rendered.files];
  return { exitCode: 0, stdout: text, stderr: `paved fleet: the pipeline for ${path}\n` };
}

/** `paved fleet`: asynchronous, since the audit runs on worker threads; bin.ts awaits it. */
export async function runFleet(
  argv: readonly string[],
  io: Io,
  progress: Progress = progressWriter((text) => process.stderr.write(text), process.stderr.isTTY),
): Promise<CliResult> {
  const outcome = parseCommand("fleet", argv, options, fleetHelp);
  if ("result" in outcome) return outcome.result;
  const [sub, ...rest] = outcome.parsed.positionals;
  const { values } = outcome.parsed;
  try {
    if (sub === "audit") return await auditCommand(rest, values, io, progress);
    if (sub === "merge") return mergeCommand(rest, values, io);
    if (sub === "report") return reportCommand(rest, values, io);
    if (sub === "pipeline") return pipelineCommand(rest, values);
  } catch (error) {
    if (
      error instanceof FleetInputError ||
      error instanceof FleetConfigError ||
      error instanceof MergeError
    )
      return { exitCode: 2, stdout: "", stderr: commandError("fleet", error.message) };
    throw error;
  }
  return usage(
    sub === undefined
      ? "name a subcommand: audit, merge, report or pipeline."
      : `no subcommand '${sub}'; use audit, merge, report or pipeline.`,
  );
}
