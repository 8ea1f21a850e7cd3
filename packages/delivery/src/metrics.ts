import { bandOf, bandsSource, type Band } from "./bands.js";
import { parseLine, resolveCommit, timeOf, type Deployment } from "./deployments.js";
import type { History } from "./history.js";

export type Kind = "measured" | "proxy";

export interface DoraOptions {
  /** Seconds since the epoch; deployments outside [since, until] are not counted. */
  since?: number;
  until?: number;
  /** The time of the run (the end of the range when `until` is not given). */
  now: number;
  /** How long after a deployment a revert or a patch release marks it failed (seconds). */
  failureWindow: number;
  /** Where the deployments came from: a record of them is measured, tags or merges a proxy. */
  source: "tags" | "merges" | "file";
  /** Incident records (JSON lines), when the team keeps them: then failures are measured. */
  incidents?: { lines: readonly string[]; path: string };
}

export interface DoraReport {
  schemaVersion: 1;
  range: { since: string; until: string };
  source: DoraOptions["source"];
  deployments: number;
  deploymentFrequency: {
    perWeek: number | null;
    perDay: number | null;
    kind: Kind;
    rule: string;
    band: Band | null;
  };
  leadTime: {
    medianSeconds: number | null;
    p90Seconds: number | null;
    changes: number;
    /** Commits authored after the deployment that contains them (clock skew): counted as 0. */
    skewedCommits: number;
    kind: Kind;
    rule: string;
    band: Band | null;
  };
  changeFailureRate: {
    value: number | null;
    failed: number;
    kind: Kind;
    rule: string;
    band: Band | null;
  };
  timeToRestore: {
    medianSeconds: number | null;
    restored: number;
    kind: Kind;
    rule: string;
    band: Band | null;
  };
  trend: { period: string; deployments: number; leadTimeMedianSeconds: number | null }[];
  /** Per package, where changesets tags release packages one by one. */
  packages: {
    name: string;
    deployments: number;
    leadTimeMedianSeconds: number | null;
    changeFailureRate: number | null;
  }[];
  bands: string;
}

const day = 86_400;
const week = 7 * day;

/** The nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/**
 * For each commit, the first deployment of a stream that contains it: deployments are visited
 * in time order and each claims the commits reachable from it that no earlier one claimed.
 * One walk of the history per stream.
 */
function firstDeployments(
  history: History,
  deployments: readonly Deployment[],
): Map<string, Deployment> {
  const first = new Map<string, Deployment>();
  for (const deployment of deployments) {
    const stack = [deployment.sha];
    while (stack.length > 0) {
      const sha = stack.pop() ?? "";
      if (first.has(sha)) continue;
      const commit = history.commits.get(sha);
      if (commit === undefined) continue;
      first.set(sha, deployment);
      for (const parent of commit.parents) if (!first.has(parent)) stack.push(parent);
    }
  }
  return first;
}

interface StreamResult {
  deployments: Deployment[];
  leads: number[];
  skewed: number;
  failed: Map<Deployment, number | undefined>;
  leadsByDeployment: Map<Deployment, number[]>;
}

const patchOf = (version: string | undefined) => {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version ?? "");
  return match === null
    ? undefined
    : { line: `${match[1] ?? ""}.${match[2] ?? ""}`, patch: Number(match[3]) };
};

/** Lead times and proxy failures of one stream (a package, or the whole repository). */
function judgeStream(
  history: History,
  all: readonly Deployment[],
  inRange: (deployment: Deployment) => boolean,
  window: number,
): StreamResult {
  const first = firstDeployments(history, all);
  const leads: number[] = [];
  const leadsByDeployment = new Map<Deployment, number[]>();
  let skewed = 0;
  for (const [sha, deployment] of first) {
    // The first deployment sets the baseline: the history before it was never "delivered".
    if (deployment === all[0] || !inRange(deployment)) continue;
    const commit = history.commits.get(sha);
    // A merge is how changes land, not a change: its merged commits are counted instead.
    if (commit === undefined || commit.parents.length > 1) continue;
    let lead = deployment.time - commit.authored;
    if (lead < 0) {
      skewed += 1;
      lead = 0;
    }
    leads.push(lead);
    const list = leadsByDeployment.get(deployment) ?? [];
    list.push(lead);
    leadsByDeployment.set(deployment, list);
  }
  leads.sort((a, b) => a - b);
  // Proxy failures: a revert of one of its changes, or a patch release, within the window.
  const failed = new Map<Deployment, number | undefined>();
  const mark = (deployment: Deployment, restoredBy: Deployment) => {
    const restore = restoredBy.time - deployment.time;
    if (restore < 0 || restore > window) return;
    const known = failed.get(deployment);
    if (known === undefined || restore < known) failed.set(deployment, restore);
  };
  for (const commit of history.commits.values()) {
    if (commit.reverts === undefined) continue;
    const reverted = resolveCommit(history, commit.reverts);
    const broken = reverted === undefined ? undefined : first.get(reverted);
    const fixed = first.get(commit.sha);
    if (broken !== undefined && fixed !== undefined && broken !== fixed) mark(broken, fixed);
  }
  all.forEach((deployment, i) => {
    const next = all[i + 1];
    const [a, b] = [patchOf(deployment.version), patchOf(next?.version)];
    if (next !== undefined && a !== undefined && b?.line === a.line && b.patch > a.patch)
      mark(deployment, next);
  });
  return { deployments: all.filter(inRange), leads, skewed, failed, leadsByDeployment };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** `2026-W07` (ISO week) or `2026-02`. */
function periodOf(seconds: number, byWeek: boolean): string {
  const date = new Date(seconds * 1000);
  if (!byWeek) return date.toISOString().slice(0, 7);
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const number = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${String(thursday.getUTCFullYear())}-W${String(number).padStart(2, "0")}`;
}

/** Incidents, measured: each names the deployment (version or commit) that caused it. */
function measuredFailures(
  history: History,
  deployments: readonly Deployment[],
  incidents: { lines: readonly string[]; path: string },
  inRange: (deployment: Deployment) => boolean,
): { failed: Set<Deployment>; restores: number[] } {
  const first = firstDeployments(history, deployments);
  const failed = new Set<Deployment>();
  const restores: number[] = [];
  incidents.lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${incidents.path}:${String(index + 1)}`;
    const record = parseLine(line, where);
    const start = timeOf(record["start"], where);
    const version =
      typeof record["version"] === "string" ? record["version"].replace(/^v/, "") : undefined;
    const commit =
      typeof record["commit"] === "string" ? resolveCommit(history, record["commit"]) : undefined;
    const cause =
      (commit === undefined ? undefined : first.get(commit)) ??
      deployments.find(
        (d) => version !== undefined && (d.version === version || d.label === version),
      );
    if (cause !== undefined && inRange(cause)) failed.add(cause);
    if (record["end"] !== undefined && (cause === undefined || inRange(cause)))
      restores.push(Math.max(0, timeOf(record["end"], where) - start));
  });
  return { failed, restores: restores.sort((a, b) => a - b) };
}

/** DORA's four keys over a history and its deployments (sorted by time). */
export function dora(
  history: History,
  deployments: readonly Deployment[],
  options: DoraOptions,
): DoraReport {
  const until = options.until ?? options.now;
  const since = options.since ?? deployments[0]?.time ?? until;
  const inRange = (deployment: Deployment) => deployment.time >= since && deployment.time <= until;
  const streams = [...new Set(deployments.map((deployment) => deployment.stream))].sort();
  const results = new Map(
    streams.map((stream) => [
      stream,
      judgeStream(
        history,
        deployments.filter((d) => d.stream === stream),
        inRange,
        options.failureWindow,
      ),
    ]),
  );
  const counted = deployments.filter(inRange);
  const leads = [...results.values()].flatMap((result) => result.leads).sort((a, b) => a - b);
  const skewed = [...results.values()].reduce((sum, result) => sum + result.skewed, 0);
  const kind: Kind = options.source === "file" ? "measured" : "proxy";
  const weeks = Math.max(until - since, day) / week;
  const perWeek = counted.length === 0 ? null : round(counted.length / weeks);

  let failedCount: number;
  let restores: number[];
  const stability: Kind = options.incidents === undefined ? "proxy" : "measured";
  if (options.incidents !== undefined) {
    const measured = measuredFailures(history, deployments, options.incidents, inRange);
    failedCount = measured.failed.size;
    restores = measured.restores;
  } else {
    const failures = [...results.values()].flatMap((result) =>
      [...result.failed].filter(([d]) => inRange(d)),
    );
    failedCount = failures.length;
    restores = failures.map(([, restore]) => restore ?? 0).sort((a, b) => a - b);
  }
  const cfr = counted.length === 0 ? null : round(failedCount / counted.length, 4);
  const byWeek = until - since <= 26 * week;
  const trend = new Map<string, { deployments: number; leads: number[] }>();
  for (const result of results.values())
    for (const deployment of result.deployments) {
      const entry = trend.get(periodOf(deployment.time, byWeek)) ?? { deployments: 0, leads: [] };
      entry.deployments += 1;
      entry.leads.push(...(result.leadsByDeployment.get(deployment) ?? []));
      trend.set(periodOf(deployment.time, byWeek), entry);
    }
  const windowText = `${String(Math.round(options.failureWindow / 3600))} h`;
  return {
    schemaVersion: 1,
    range: { since: iso(since), until: iso(until) },
    source: options.source,
    deployments: counted.length,
    deploymentFrequency: {
      perWeek,
      perDay: perWeek === null ? null : round(perWeek / 7),
      kind,
      rule: sourceRule(options.source),
      band: perWeek === null ? null : bandOf("deploymentFrequency", perWeek),
    },
    leadTime: {
      medianSeconds: percentile(leads, 50),
      p90Seconds: percentile(leads, 90),
      changes: leads.length,
      skewedCommits: skewed,
      kind,
      rule: "from each commit's author time to the first deployment that contains it; merge commits and the changes of each stream's first deployment are not counted",
      band: leads.length === 0 ? null : bandOf("leadTime", percentile(leads, 50) ?? 0),
    },
    changeFailureRate: {
      value: cfr,
      failed: failedCount,
      kind: stability,
      rule:
        stability === "measured"
          ? "deployments that an incident record names as its cause, over all deployments"
          : `deployments followed within ${windowText} by a revert of one of their changes or by a patch release of the same line, over all deployments`,
      band: cfr === null ? null : bandOf("changeFailureRate", cfr),
    },
    timeToRestore: {
      medianSeconds: percentile(restores, 50),
      restored: restores.length,
      kind: stability,
      rule:
        stability === "measured"
          ? "from each incident's start to its end"
          : "from a failed deployment to the next deployment, the one with the revert or the patch",
      band: restores.length === 0 ? null : bandOf("timeToRestore", percentile(restores, 50) ?? 0),
    },
    trend: [...trend]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, entry]) => ({
        period,
        deployments: entry.deployments,
        leadTimeMedianSeconds: percentile(
          entry.leads.sort((a, b) => a - b),
          50,
        ),
      })),
    packages:
      streams.length > 1 || (streams[0] ?? "") !== ""
        ? streams.map((name) => {
            const result = results.get(name);
            const count = result?.deployments.length ?? 0;
            const failures = [...(result?.failed.keys() ?? [])].filter(inRange).length;
            return {
              name: name === "" ? "(repository)" : name,
              deployments: count,
              leadTimeMedianSeconds: percentile(result?.leads ?? [], 50),
              changeFailureRate: count === 0 ? null : round(failures / count, 4),
            };
          })
        : [],
    bands: bandsSource,
  };
}

function sourceRule(source: DoraOptions["source"]): string {
  switch (source) {
    case "tags":
      return "release tags (v1.2.3, or changesets' pkg@1.2.3; prereleases excluded) as deployments, at the tagger date of an annotated tag, else its commit's committer date";
    case "merges":
      return "every commit of the trunk's first-parent line as a deployment, at its committer date";
    case "file":
      return "the deployments file's records";
  }
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
