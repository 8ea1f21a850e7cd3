import { prefetchCommands } from "./history.js";

/** The audit's range: DORA's keys describe how a team delivers now, not over its whole life. */
export const recentDays = 90;
/**
 * History read before the range, so that the changes a recent deployment ships and the
 * deployment before it are seen: a change older than that counts from the lookback's start.
 * It keeps an audit's git walk short (the audit of a large repository takes about 100 ms).
 */
export const lookbackDays = 180;

/** Where the audit's history walk starts, for an audit at `now` (seconds since the epoch). */
export const recentWalkSince = (now: number): number => now - (recentDays + lookbackDays) * 86_400;

/**
 * The git commands of an audit's history at `now`, which the CLI starts in the background
 * beside the listing (this module needs nothing but Node's own, so the CLI's entry can import
 * it before the engine loads); their output goes to `recentDelivery` as `prefetched`.
 */
export function recentHistoryCommands(now: number): {
  now: number;
  since: number;
  refs: string[];
  log: string[];
} {
  const since = recentWalkSince(now);
  return { now, since, ...prefetchCommands(since) };
}
