import { deploymentsOf, tagPattern, type DeploymentSource } from "./deployments.js";
import { readHistory, type GitInvocation, type PrefetchedHistory } from "./history.js";
import { dora, type DoraReport } from "./metrics.js";
import { recentDays, recentWalkSince } from "./recent.js";

export { lookbackDays, recentDays } from "./recent.js";

/** `paved.config.json` → `"dora"`: how this team deploys, for `paved dora` and `paved audit`. */
export interface DoraSettings {
  /** What a deployment is: a release tag (default), or each merge to the trunk. */
  deployments?: "tags" | "merges";
  /** The release tags, where they are not `v1.2.3` or changesets' `pkg@1.2.3` (RE2 syntax). */
  tagPattern?: string;
  /** The trunk's branch name, for `deployments: "merges"` (default: the checked-out branch). */
  trunk?: string;
  /** How long after a deployment a revert or a patch release marks it failed, in hours. */
  failureWindowHours?: number;
}

export const doraSettingKeys = ["deployments", "tagPattern", "trunk", "failureWindowHours"];
export const defaultFailureWindowHours = 168;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A branch name git accepts and no option can be made of (`refs/heads/` is put before it). */
const branchName = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]{1,200}(?<![./])$/;

/**
 * The problem with a `"dora"` setting, as `"dora" → "key" must …`, or undefined when it is
 * valid. The tag pattern is compiled, so that a pattern RE2 cannot match is refused here.
 */
export function doraSettingsProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return `"dora" must be an object (${doraSettingKeys.join(", ")}).`;
  for (const key of Object.keys(value))
    if (!doraSettingKeys.includes(key))
      return `"dora" → "${key}" is not a setting; known settings: ${doraSettingKeys.join(", ")}.`;
  const { deployments, tagPattern: pattern, trunk, failureWindowHours: hours } = value;
  if (deployments !== undefined && deployments !== "tags" && deployments !== "merges")
    return `"dora" → "deployments" must be "tags" or "merges".`;
  if (pattern !== undefined) {
    if (typeof pattern !== "string" || pattern === "")
      return `"dora" → "tagPattern" must be a regular expression, such as "^release-(\\\\d+)$".`;
    try {
      tagPattern(pattern, `"dora" → "tagPattern"`);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (trunk !== undefined && (typeof trunk !== "string" || !branchName.test(trunk)))
    return `"dora" → "trunk" must be a branch name, such as "main".`;
  if (hours !== undefined && (typeof hours !== "number" || !(hours > 0) || hours > 24 * 366))
    return `"dora" → "failureWindowHours" must be a number of hours from 0 to 8784, such as 168.`;
  return undefined;
}

/** The deployments the settings describe (tags by default). */
export function sourceOfSettings(settings: DoraSettings): DeploymentSource {
  if (settings.deployments === "merges") return { kind: "merges" };
  return settings.tagPattern === undefined
    ? { kind: "tags" }
    : { kind: "tags", pattern: tagPattern(settings.tagPattern, `"dora" → "tagPattern"`) };
}

/** What `paved audit` reports: the four keys of the last `recentDays` days. */
export type DeliveryKeys = Pick<
  DoraReport,
  | "range"
  | "source"
  | "deployments"
  | "deploymentFrequency"
  | "leadTime"
  | "changeFailureRate"
  | "timeToRestore"
  | "bands"
>;

/**
 * The four keys of a checkout's last `recentDays` days, for `paved audit`; undefined where the
 * history read has no deployment at all (no release tags, no trunk).
 */
export function recentDelivery(
  dir: string,
  options: {
    git: GitInvocation;
    settings: DoraSettings;
    now: number;
    /** The output of `recentHistoryCommands(now)`, where the caller ran them (the CLI does). */
    prefetched?: PrefetchedHistory;
    /** How long each git may take (default 10 s, the audit's listing's limit). */
    timeoutMs?: number;
  },
): DeliveryKeys | undefined {
  const { settings, now } = options;
  const since = now - recentDays * 86_400;
  const history = readHistory(dir, {
    git: options.git,
    since: recentWalkSince(now),
    // An audit's git gets what its listing gets: a blocked git costs seconds, not a minute.
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(settings.trunk === undefined ? {} : { trunk: settings.trunk }),
    ...(options.prefetched === undefined ? {} : { prefetched: options.prefetched }),
  });
  const source = sourceOfSettings(settings);
  const deployments = deploymentsOf(history, source);
  if (deployments.length === 0) return undefined;
  const report = dora(history, deployments, {
    now,
    since,
    failureWindow: (settings.failureWindowHours ?? defaultFailureWindowHours) * 3600,
    source: source.kind,
  });
  const { range, deploymentFrequency, leadTime, changeFailureRate, timeToRestore, bands } = report;
  return {
    range,
    source: report.source,
    deployments: report.deployments,
    deploymentFrequency,
    leadTime,
    changeFailureRate,
    timeToRestore,
    bands,
  };
}
