import { existsSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import {
  DeploymentsError,
  HistoryError,
  recentDelivery,
  type DeliveryKeys,
  type DoraSettings,
  type PrefetchedHistory,
} from "@paved/delivery";
import { applyBaseline, readBaseline, type BaselineSummary } from "./baseline.js";
import { check } from "./check.js";
import { applyConfig, type ConfigSummary } from "./config/apply.js";
import { ConfigError } from "./config/config.js";
import { applyRoles } from "./config/roles.js";
import { loadExternalConfig, loadRepositoryConfig, type ConfigSource } from "./config/load.js";
import type { Finding, ProjectRole } from "./model.js";
import {
  Facts,
  gitTimeLimit,
  indexDirectory,
  neutralGitInvocation,
  workspace,
  type IndexOptions,
  type RepoIndex,
} from "@paved/facts";
import { boundReport, type Truncated } from "./report/bounds.js";
import { rules as allRules } from "./rules/all.js";
import type { Rule } from "./rules/define.js";
import { score, type BlindSpot, type StationResult } from "./score.js";
import { toolVersion } from "./version.js";

export const reportSchemaVersion = 1;

/** The audit's result: what every reporter renders. Its JSON form is documented in docs/audit-report.md. */
export interface Report {
  schemaVersion: typeof reportSchemaVersion;
  tool: { name: "paved"; version: string };
  target: {
    path: string;
    /** How files were listed: `git ls-files`, or a gitignore-aware walk outside git checkouts. */
    method: "git" | "walk" | "memory";
    files: number;
    projects: {
      dir: string;
      name: string;
      kinds: string[];
      role: ProjectRole;
      roleSource?: string;
    }[];
  };
  score: number;
  coverage: number;
  stations: StationResult[];
  findings: Finding[];
  blindSpots: BlindSpot[];
  /** Problems met while indexing (unreadable directories, file caps), each naming its path. */
  problems: string[];
  /** What configuration applied: sources, severities, skipped stations, waivers, rejected settings. */
  config: ConfigSummary;
  /**
   * DORA's four keys over the last 90 days, as `paved dora` computes them (docs/dora.md):
   * present where the checkout's git history has deployments.
   */
  delivery?: DeliveryKeys;
  /** Present when a baseline was used: failures already known versus new. */
  baseline?: BaselineSummary;
  /** Present when the report's caps cut findings, messages or problems (`reportCaps`). */
  truncated?: Truncated;
}

/** A problem with what the user asked for (missing directory, bad config): exit code 2. */
export class UsageError extends Error {}

export interface AuditOptions extends IndexOptions {
  rules?: readonly Rule[];
  /** An organisation config from outside the repository (`--config`): it wins over the repository's own. */
  configPath?: string;
  /** A baseline file: failures it lists are `existing`, others `new`. */
  baselinePath?: string;
  /** Today's date (YYYY-MM-DD) for waiver expiry; defaults to the real date. */
  today?: string;
  /** The time of the audit (seconds since the epoch) for the four keys; defaults to now. */
  now?: number;
  /**
   * The history's git output, run earlier by the caller (`recentHistoryCommands(now)` of
   * @paved/delivery; the CLI starts them beside the listing): the four keys are then computed
   * at its `now` without running git again, unless a config names a trunk.
   */
  history?: PrefetchedHistory & { now: number };
}

/**
 * The four keys, from the checkout's git history (git-listed checkouts only), under the
 * configs' "dora" settings (an external config's win). A history git cannot read is a problem
 * of the report, not an error of the audit.
 */
function deliveryOf(
  index: RepoIndex,
  path: string,
  sources: readonly ConfigSource[],
  options: AuditOptions,
  problems: string[],
): DeliveryKeys | undefined {
  if (index.method !== "git") return undefined;
  const settings: DoraSettings = {};
  for (const origin of ["repository", "external"])
    for (const source of sources)
      if (source.origin === origin) Object.assign(settings, source.config.dora);
  try {
    const { history } = options;
    return recentDelivery(path, {
      git: neutralGitInvocation,
      // The listing's limit, which a fleet worker shortens (`limitGitTime`).
      timeoutMs: gitTimeLimit(),
      settings,
      now: options.now ?? history?.now ?? Math.floor(Date.now() / 1000),
      ...(history === undefined ? {} : { prefetched: history }),
    });
  } catch (error) {
    if (!(error instanceof HistoryError || error instanceof DeploymentsError)) throw error;
    problems.push(`the four keys were not computed: ${error.message}`);
    return undefined;
  }
}

export function auditIndex(index: RepoIndex, path: string, options: AuditOptions = {}): Report {
  const rules = options.rules ?? allRules;
  const ruleIds = rules.map((rule) => rule.meta.id);
  const facts = new Facts(index);
  const sources: ConfigSource[] = [];
  try {
    const own = loadRepositoryConfig(facts, ruleIds);
    if (own) sources.push(own);
    if (options.configPath !== undefined)
      sources.push(loadExternalConfig(options.configPath, ruleIds));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const discovered = facts.get(workspace);
  const problems = discovered.problems;
  // Roles set in paved.config.json override the directories' before any judge reads the workspace.
  const projects = applyRoles(discovered.projects, sources);
  const judged = new Facts(index, [[workspace, { projects, problems }]]);
  const configured = applyConfig(check(judged, projects, rules), sources, ruleIds, options.today);
  let findings: Finding[] = configured.findings;
  let baseline: BaselineSummary | undefined;
  if (options.baselinePath !== undefined) {
    try {
      const applied = applyBaseline(
        findings,
        // The default baseline is the audited repository's: read like any file of it.
        readBaseline(options.baselinePath, isInside(path, options.baselinePath) ? path : undefined),
        options.baselinePath,
      );
      findings = applied.findings;
      baseline = applied.summary;
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  const delivery = deliveryOf(index, path, sources, options, problems);
  // Scored on every finding; rendered within the caps, whatever the repository amplifies.
  const scored = score(findings);
  const bounded = boundReport(findings, problems);
  return {
    schemaVersion: reportSchemaVersion,
    tool: { name: "paved", version: toolVersion() },
    target: {
      path,
      method: index.method,
      files: index.files.length,
      projects: projects.map((project) => ({
        dir: project.dir === "" ? "." : project.dir,
        name: project.name,
        kinds: [...project.kinds],
        role: project.role ?? "product",
        ...(project.roleSource ? { roleSource: project.roleSource } : {}),
      })),
    },
    score: scored.score,
    coverage: Math.round(scored.coverage * 1000) / 1000,
    stations: scored.stations,
    findings: bounded.findings,
    blindSpots: scored.blindSpots,
    problems: bounded.problems,
    config: configured.summary,
    ...(delivery ? { delivery } : {}),
    ...(baseline ? { baseline } : {}),
    ...(bounded.truncated ? { truncated: bounded.truncated } : {}),
  };
}

const isInside = (root: string, path: string) => {
  const rel = relative(root, resolve(root, path));
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
};

/** Audits a directory: index once, check every rule, score. Reads files; never runs them. */
export function audit(dir: string, options: AuditOptions = {}): Report {
  const root = resolve(dir);
  if (!existsSync(root))
    throw new UsageError(`${dir}: no such directory. Pass the path of a repository to audit.`);
  if (!statSync(root).isDirectory())
    throw new UsageError(`${dir}: not a directory. Pass the path of a repository to audit.`);
  return auditIndex(indexDirectory(root, options), root, options);
}
