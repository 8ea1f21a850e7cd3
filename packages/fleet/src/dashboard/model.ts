import type { StationStatus } from "@paved/conformance";
import { stations } from "@paved/stations";
import { meets, shareOf, statusOf, type CampaignProgress } from "../campaigns.js";
import type { FleetConfig } from "../config.js";
import type { Entry, OkEntry } from "../entry.js";
import { readHistory } from "../store.js";

const stationIds = stations.map((station) => station.id as string);
type Counts = Record<StationStatus, number>;

export interface RunSummary {
  run: string;
  time: string;
  repos: number;
  errors: number;
  /** Mean score of the repositories audited, to one decimal. */
  score: number | null;
  /** Per station: how many repositories had each status, and the percent passing. */
  stations: Record<string, Counts & { passing: number }>;
}

export interface RepoRow {
  repo: string;
  entry: Entry;
  team: string;
  /** Score in each run the repository was audited in, oldest first. */
  trend: { run: string; score: number }[];
}

export interface Change {
  repo: string;
  finding: string;
}

export interface Dashboard {
  generated: string;
  today: string;
  latestRun: RunSummary | undefined;
  runs: RunSummary[];
  stations: { id: string; title: string; defectClass: string }[];
  repos: RepoRow[];
  teams: { team: string; repos: number; score: number | null; passing: Record<string, number> }[];
  newFailures: Change[];
  fixed: Change[];
  newRepos: string[];
  expiringWaivers: {
    repo: string;
    rule: string;
    project: string;
    owner: string;
    expires: string;
    days: number;
  }[];
  blindSpots: { station: string; title: string; defectClass: string; repos: string[] }[];
  campaigns: CampaignProgress[];
  skippedLines: number;
}

const mean = (values: readonly number[]) =>
  values.length === 0
    ? null
    : Math.round((10 * values.reduce((a, b) => a + b, 0)) / values.length) / 10;

const emptyCounts = (): Counts & { passing: number } => ({
  pass: 0,
  partial: 0,
  fail: 0,
  "not-evaluated": 0,
  "not-applicable": 0,
  waived: 0,
  passing: 0,
});

/** Accumulates one run's totals as its entries stream past. */
class RunTotals {
  repos = 0;
  errors = 0;
  scores: number[] = [];
  stations = new Map(stationIds.map((id) => [id, emptyCounts()]));
  campaignsDone = new Map<string, number>();
  constructor(
    readonly run: string,
    readonly time: string,
  ) {}

  add(entry: Entry, config: FleetConfig) {
    this.repos += 1;
    for (const campaign of config.campaigns)
      if (meets(campaign, entry))
        this.campaignsDone.set(campaign.id, (this.campaignsDone.get(campaign.id) ?? 0) + 1);
    if (!entry.ok) {
      this.errors += 1;
      return;
    }
    this.scores.push(entry.score);
    for (const [id, counts] of this.stations) {
      const status = entry.stations[id]?.status;
      if (status !== undefined) counts[status] += 1;
    }
  }

  summary(): RunSummary {
    const audited = this.repos - this.errors;
    return {
      run: this.run,
      time: this.time,
      repos: this.repos,
      errors: this.errors,
      score: mean(this.scores),
      stations: Object.fromEntries(
        [...this.stations].map(([id, counts]) => [
          id,
          { ...counts, passing: shareOf(counts.pass, audited) },
        ]),
      ),
    };
  }
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** What changed for one repository between its previous entry and its latest. */
function changesOf(repo: string, latest: Entry, previous: Entry | undefined) {
  if (previous === undefined) return { newFailures: [], fixed: [] };
  const now = new Set(latest.ok ? latest.failing : []);
  const before = new Set(previous.ok ? previous.failing : []);
  // A failed audit says nothing about findings: neither new failures nor fixes.
  if (!latest.ok || !previous.ok) return { newFailures: [], fixed: [] };
  return {
    newFailures: [...now]
      .filter((finding) => !before.has(finding))
      .map((finding) => ({ repo, finding })),
    fixed: [...before].filter((finding) => !now.has(finding)).map((finding) => ({ repo, finding })),
  };
}

function teamRollups(rows: readonly RepoRow[]): Dashboard["teams"] {
  const byTeam = new Map<string, OkEntry[]>();
  for (const row of rows) {
    const list = byTeam.get(row.team) ?? [];
    if (row.entry.ok) list.push(row.entry);
    byTeam.set(row.team, list);
  }
  return [...byTeam]
    .map(([team, entries]) => ({
      team,
      repos: rows.filter((row) => row.team === team).length,
      score: mean(entries.map((entry) => entry.score)),
      passing: Object.fromEntries(
        stationIds.map((id) => [
          id,
          entries.filter((entry) => entry.stations[id]?.status === "pass").length,
        ]),
      ),
    }))
    .sort((a, b) => (a.team < b.team ? -1 : 1));
}

function blindSpotsOf(rows: readonly RepoRow[]): Dashboard["blindSpots"] {
  return stations
    .map((station) => ({
      station: station.id,
      title: station.title,
      defectClass: station.defectClass,
      repos: rows
        .filter((row) => row.entry.ok && row.entry.blindSpots.includes(station.id as string))
        .map((row) => row.repo),
    }))
    .filter((spot) => spot.repos.length > 0)
    .sort((a, b) => b.repos.length - a.repos.length || (a.station < b.station ? -1 : 1));
}

function expiring(rows: readonly RepoRow[], today: string): Dashboard["expiringWaivers"] {
  return rows
    .flatMap((row) =>
      row.entry.ok ? row.entry.waivers.map((waiver) => ({ repo: row.repo, ...waiver })) : [],
    )
    .map((waiver) => ({ ...waiver, days: daysBetween(today, waiver.expires) }))
    .filter((waiver) => waiver.days >= 0 && waiver.days <= 30)
    .sort((a, b) => a.days - b.days || (a.repo < b.repo ? -1 : 1));
}

/**
 * The dashboard's data, from the history alone in one pass: every number is a report's own
 * (score, station status) or a count of them. The current fleet is the latest run's repositories.
 */
export function buildDashboard(
  dir: string,
  config: FleetConfig,
  today: string,
  generated: string,
): Dashboard {
  const runs = new Map<string, RunTotals>();
  const last = new Map<string, Entry>();
  const previous = new Map<string, Entry>();
  const trends = new Map<string, { run: string; score: number }[]>();
  const { skipped } = readHistory(dir, (entry) => {
    const totals = runs.get(entry.run) ?? new RunTotals(entry.run, entry.time);
    runs.set(entry.run, totals);
    totals.add(entry, config);
    const seen = last.get(entry.repo);
    if (seen !== undefined && seen.run !== entry.run) previous.set(entry.repo, seen);
    last.set(entry.repo, entry);
    if (entry.ok) {
      const trend = trends.get(entry.repo) ?? [];
      trend.push({ run: entry.run, score: entry.score });
      trends.set(entry.repo, trend);
    }
  });
  const ordered = [...runs.values()].sort((a, b) =>
    a.time < b.time ? -1 : a.time > b.time ? 1 : 0,
  );
  const latest = ordered.at(-1);
  const rows: RepoRow[] = [...last]
    .filter(([, entry]) => entry.run === latest?.run)
    .map(([repo, entry]) => ({
      repo,
      entry,
      team: (entry.ok ? entry.team?.team : undefined) ?? config.teams[repo] ?? "(no owner)",
      trend: trends.get(repo) ?? [],
    }))
    .sort((a, b) => (a.repo < b.repo ? -1 : 1));
  const changes = rows.map((row) => changesOf(row.repo, row.entry, previous.get(row.repo)));
  const summaries = ordered.map((totals) => totals.summary());
  const total = latest?.repos ?? 0;
  return {
    generated,
    today,
    latestRun: summaries.at(-1),
    runs: summaries,
    stations: stations.map((station) => ({
      id: station.id,
      title: station.title,
      defectClass: station.defectClass,
    })),
    repos: rows,
    teams: teamRollups(rows),
    newFailures: changes.flatMap((change) => change.newFailures),
    fixed: changes.flatMap((change) => change.fixed),
    newRepos:
      ordered.length > 1
        ? rows.filter((row) => !previous.has(row.repo)).map((row) => row.repo)
        : [],
    expiringWaivers: expiring(rows, today),
    blindSpots: blindSpotsOf(rows),
    campaigns: config.campaigns.map((campaign) => {
      const done = latest?.campaignsDone.get(campaign.id) ?? 0;
      const share = shareOf(done, total);
      return {
        ...campaign,
        done,
        total,
        share,
        status: statusOf(share, campaign, today),
        burndown: ordered.map((totals) => ({
          run: totals.run,
          time: totals.time,
          remaining: totals.repos - (totals.campaignsDone.get(campaign.id) ?? 0),
          total: totals.repos,
        })),
      };
    }),
    skippedLines: skipped,
  };
}
