import type { Outcome, Report, StationStatus } from "@paved/conformance";
import type { Team } from "./teams.js";

/** Where a run is kept, and when it started: the key of history lines with the repository. */
export interface RunInfo {
  run: string;
  time: string;
}

/** A repository's result in one run: a line of `history.jsonl`. */
export type Entry = RunInfo & {
  schemaVersion: 1;
  repo: string;
  source: "checkout" | "bare";
  durationMs: number;
} & (
    | {
        ok: true;
        commit?: string;
        team?: Team;
        /** The report's file, relative to the fleet directory. */
        report: string;
        score: number;
        coverage: number;
        stations: Record<string, { status: StationStatus; score: number | null }>;
        /** Each rule's outcome over the repository's projects: a failure anywhere fails it. */
        rules: Record<string, Outcome>;
        /** `rule` or `rule project` for each unwaived failure: what is new and what was fixed. */
        failing: string[];
        blindSpots: string[];
        waivers: { rule: string; project: string; owner: string; expires: string }[];
      }
    | { ok: false; error: string }
  );

export type OkEntry = Extract<Entry, { ok: true }>;

const rank: Record<Outcome, number> = {
  "not-applicable": 0,
  "not-evaluated": 1,
  pass: 2,
  fail: 3,
};

function ruleOutcomes(report: Report): Record<string, Outcome> {
  const rules: Record<string, Outcome> = {};
  for (const finding of report.findings) {
    // A waived failure is accepted for now, as the score treats it: neither met nor failed.
    if (finding.waiver) continue;
    const outcome = finding.outcome;
    const seen = rules[finding.ruleId];
    if (seen === undefined || rank[outcome] > rank[seen]) rules[finding.ruleId] = outcome;
  }
  return rules;
}

/** What the fleet keeps of a report: its numbers as the report states them, nothing recomputed. */
export function entryOf(
  report: Report,
  base: Pick<OkEntry, "repo" | "source" | "durationMs" | "report" | "run" | "time"> &
    Partial<Pick<OkEntry, "commit" | "team">>,
): OkEntry {
  return {
    schemaVersion: 1,
    ...base,
    ok: true,
    score: report.score,
    coverage: report.coverage,
    stations: Object.fromEntries(
      report.stations.map((station) => [
        station.id,
        { status: station.status, score: station.score },
      ]),
    ),
    rules: ruleOutcomes(report),
    failing: [
      ...new Set(
        report.findings
          .filter((finding) => finding.outcome === "fail" && !finding.waiver)
          .map((finding) =>
            finding.project === "." ? finding.ruleId : `${finding.ruleId} ${finding.project}`,
          ),
      ),
    ].sort(),
    blindSpots: report.blindSpots.map((spot) => spot.station),
    waivers: report.config.waived.map((waiver) => ({
      rule: waiver.ruleId,
      project: waiver.project,
      owner: waiver.owner,
      expires: waiver.expires,
    })),
  };
}
