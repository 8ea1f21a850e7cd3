import { createRequire } from "node:module";
import { stations } from "@paved/stations";
import type * as FastXmlParser from "fast-xml-parser";
import { percentile } from "./metrics.js";
import type { LineRun } from "./line.js";

/** One timed run of a station: on this machine (`paved line`) or in CI (an export). */
export interface StationSample {
  station: string;
  durationMs: number;
  failed: boolean;
  where: "local" | "ci";
  signature?: string;
}

export interface StationBudget {
  station: string;
  title: string;
  order: number;
  runs: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
  totalMs: number;
  /** The station's time per failure it caught; null when it caught none. */
  costPerCatchMs: number | null;
  /** Its share of the whole line's time, 0–1. */
  share: number;
  flags: string[];
}

export interface BudgetReport {
  schemaVersion: 1;
  runs: { local: number; ci: number };
  stations: StationBudget[];
  /** Line-level findings, in plain words. */
  findings: string[];
}

/** The samples of `paved line` runs: stations that ran (a station not run costs nothing). */
export function samplesOfHistory(runs: readonly LineRun[]): StationSample[] {
  return runs.flatMap((run) =>
    run.stations
      .filter((station) => station.outcome === "pass" || station.outcome === "fail")
      .map((station) => ({
        station: station.id,
        durationMs: station.durationMs,
        failed: station.outcome === "fail",
        where: "local" as const,
        ...(station.signature === undefined ? {} : { signature: station.signature }),
      })),
  );
}

const titles = new Map(
  stations.map((station) => [station.title.toLowerCase(), station.id as string]),
);

/** The station a CI step or job runs, by the title `paved ci` gives it ("Lint", "Test"). */
function stationOfName(name: string): string | undefined {
  const lower = name.toLowerCase().trim();
  return titles.get(lower) ?? [...titles].find(([title]) => lower.startsWith(`${title} `))?.[1];
}

/** Why a CI export could not be read; the message names the file. */
export class BudgetInputError extends Error {
  override name = "BudgetInputError";
}

/**
 * The JSON of GitHub Actions' jobs API (`GET /repos/{o}/{r}/actions/runs/{id}/jobs`): each step
 * whose name is a station's title is a sample, timed from `started_at` to `completed_at`.
 */
export function samplesOfGithubJobs(text: string, path: string): StationSample[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BudgetInputError(`${path}: not JSON; pass the jobs API's response as it is.`);
  }
  const jobs = (value as { jobs?: unknown } | null)?.jobs;
  if (!Array.isArray(jobs))
    throw new BudgetInputError(`${path}: no "jobs" list; pass the response of the jobs API.`);
  const samples: StationSample[] = [];
  for (const job of jobs as { steps?: unknown }[]) {
    if (!Array.isArray(job.steps)) continue;
    for (const step of job.steps as Record<string, unknown>[]) {
      const station = typeof step["name"] === "string" ? stationOfName(step["name"]) : undefined;
      const time = (key: string) => {
        const value = step[key];
        return typeof value === "string" ? Date.parse(value) : NaN;
      };
      const start = time("started_at");
      const end = time("completed_at");
      if (station === undefined || !Number.isFinite(start) || !Number.isFinite(end)) continue;
      samples.push({
        station,
        durationMs: Math.max(0, end - start),
        failed: step["conclusion"] === "failure",
        where: "ci",
      });
    }
  }
  return samples;
}

/** A JUnit XML report: one test-station sample, its time the suites' time, failed if any failed. */
export function samplesOfJunit(text: string, path: string): StationSample[] {
  const { XMLParser } = createRequire(import.meta.url)("fast-xml-parser") as typeof FastXmlParser;
  let document: Record<string, unknown>;
  try {
    // Entities are not expanded: a report is data, and a billion laughs is not.
    document = new XMLParser({ ignoreAttributes: false, processEntities: false }).parse(
      text,
    ) as Record<string, unknown>;
  } catch (error) {
    throw new BudgetInputError(`${path}: not XML (${(error as Error).message}).`);
  }
  const root = (document["testsuites"] ?? document["testsuite"]) as
    Record<string, unknown> | undefined;
  if (root === undefined)
    throw new BudgetInputError(`${path}: no <testsuites> or <testsuite>; pass a JUnit XML report.`);
  const suites = document["testsuites"] === undefined ? [root] : [root["testsuite"] ?? []].flat();
  const seconds = (node: Record<string, unknown>) => Number(node["@_time"] ?? 0) || 0;
  const count = (node: Record<string, unknown>, key: string) => Number(node[`@_${key}`] ?? 0) || 0;
  const time =
    document["testsuites"] !== undefined && root["@_time"] !== undefined
      ? seconds(root)
      : (suites as Record<string, unknown>[]).reduce((sum, suite) => sum + seconds(suite), 0);
  const failed = (suites as Record<string, unknown>[]).some(
    (suite) => count(suite, "failures") + count(suite, "errors") > 0,
  );
  return [{ station: "test", durationMs: Math.round(time * 1000), failed, where: "ci" }];
}

const share = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;

/**
 * Each station's budget: what it costs (p50/p95, its share of the line) against what it catches
 * (failures, cost per catch), and where the line spends badly: a station that takes a large share
 * and never fails, and failures a cheaper, earlier station exists to catch.
 */
export function budget(
  samples: readonly StationSample[],
  runs: { local: number; ci: number },
): BudgetReport {
  const total = samples.reduce((sum, sample) => sum + sample.durationMs, 0);
  const ids = new Set(samples.map((sample) => sample.station));
  const budgets: StationBudget[] = [];
  const findings: string[] = [];
  for (const station of [...stations].sort((a, b) => a.order - b.order)) {
    if (!ids.has(station.id)) continue;
    const own = samples.filter((sample) => sample.station === station.id);
    const times = own.map((sample) => sample.durationMs).sort((a, b) => a - b);
    const failures = own.filter((sample) => sample.failed).length;
    const totalMs = times.reduce((sum, time) => sum + time, 0);
    const entry: StationBudget = {
      station: station.id,
      title: station.title,
      order: station.order,
      runs: own.length,
      failures,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
      totalMs,
      costPerCatchMs: failures === 0 ? null : Math.round(totalMs / failures),
      share: share(totalMs, total),
      flags: [],
    };
    if (entry.share >= 0.25 && failures === 0 && own.length >= 5)
      entry.flags.push(
        `takes ${String(Math.round(entry.share * 100))}% of the line's time and caught nothing in ${String(own.length)} runs`,
      );
    const typeErrors = own.filter((sample) => sample.signature?.startsWith("type error") === true);
    if (station.id !== "typecheck" && typeErrors.length > 0) {
      const typecheckRan = ids.has("typecheck");
      entry.flags.push(
        `failed ${String(typeErrors.length)} time(s) on a type error (${[...new Set(typeErrors.map((sample) => sample.signature?.slice("type error ".length)))].join(", ")}) that typecheck ${typecheckRan ? "should catch first: its tsconfig does not cover what this station compiles" : "would catch earlier and cheaper, but typecheck is not on this line"}`,
      );
    }
    budgets.push(entry);
    for (const flag of entry.flags) findings.push(`${station.title} ${flag}.`);
  }
  return { schemaVersion: 1, runs, stations: budgets, findings };
}
