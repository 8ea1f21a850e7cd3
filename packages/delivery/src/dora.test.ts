import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deploymentsOf, type DeploymentSource } from "./deployments.js";
import { readHistory } from "./history.js";
import { dora, percentile, type DoraOptions } from "./metrics.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-dora-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const hour = 3600;
const day = 24 * hour;
/** 2026-01-05T00:00:00Z, a Monday: every test's clock starts here. */
const t0 = Date.UTC(2026, 0, 5) / 1000;
const at = (seconds: number) => `@${String(t0 + seconds)} +0000`;

/** git's environment with both dates set: no machine config, a fixed identity. */
const dated = (authored: number, committed: number): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "A",
  GIT_AUTHOR_EMAIL: "a@example.com",
  GIT_COMMITTER_NAME: "A",
  GIT_COMMITTER_EMAIL: "a@example.com",
  GIT_AUTHOR_DATE: at(authored),
  GIT_COMMITTER_DATE: at(committed),
});

/** A git repository whose every date is set, so its answers are known. */
class Repo {
  readonly dir: string;
  private count = 0;
  constructor(name: string) {
    this.dir = join(scratch, name);
    this.git(["init", "-q", "-b", "main", this.dir], 0, scratch);
  }
  git(args: string[], when = 0, cwd = this.dir, committed = when): string {
    const result = spawnSync("git", args, { cwd, encoding: "utf8", env: dated(when, committed) });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
    return result.stdout.trim();
  }
  /** A commit authored at `authored`, landing at `committed` (default the same). */
  commit(authored: number, committed = authored, subject?: string, body?: string): string {
    this.count += 1;
    writeFileSync(join(this.dir, `f${String(this.count)}`), String(this.count));
    this.git(["add", "-A"], committed);
    const message = [
      "-m",
      subject ?? `change ${String(this.count)}`,
      ...(body === undefined ? [] : ["-m", body]),
    ];
    this.git(["commit", "-q", ...message], authored, this.dir, committed);
    return this.git(["rev-parse", "HEAD"]);
  }
  /** An annotated tag (its tagger date is the deployment's time) or a lightweight one. */
  tag(name: string, when: number, annotated = true): void {
    this.git(annotated ? ["tag", "-a", "-m", name, name] : ["tag", name], when);
  }
}

const options = (extra: Partial<DoraOptions> = {}): DoraOptions => ({
  now: t0 + 400 * day,
  failureWindow: 7 * day,
  source: "tags",
  ...extra,
});

function measure(
  repo: Repo,
  extra: Partial<DoraOptions> = {},
  source: DeploymentSource = { kind: "tags" },
) {
  const history = readHistory(repo.dir);
  return dora(history, deploymentsOf(history, source), options({ source: source.kind, ...extra }));
}

describe("paved dora from git alone", () => {
  it("measures lead time from author time to the first tag that contains each commit", () => {
    const repo = new Repo("lead");
    repo.commit(0);
    repo.tag("v1.0.0", 1 * day);
    repo.commit(2 * day); // deployed 2 d later
    repo.commit(3 * day); // deployed 1 d later
    repo.tag("v1.1.0", 4 * day);
    repo.commit(5 * day); // deployed 5 d later (lightweight tag: the commit's date)
    repo.commit(10 * day, 10 * day);
    repo.tag("v1.2.0", 20 * day, false);
    const report = measure(repo, { until: t0 + 28 * day });
    expect(report.deployments).toBe(3);
    // v1.0.0 is the baseline; v1.1.0 brings 2 d and 1 d; v1.2.0 (at the commit's date, day 10)
    // brings 5 d and 0 s.
    expect(report.leadTime.changes).toBe(4);
    expect(report.leadTime.medianSeconds).toBe(1 * day);
    expect(report.leadTime.p90Seconds).toBe(5 * day);
    // 3 deployments over 27 days.
    expect(report.deploymentFrequency.perWeek).toBe(Math.round((3 / (27 / 7)) * 1000) / 1000);
    expect(report.deploymentFrequency.kind).toBe("proxy");
    expect(report.leadTime.band).toBe("high");
    expect(report.changeFailureRate).toMatchObject({
      value: 0,
      failed: 0,
      kind: "proxy",
      band: "elite",
    });
  });

  it("counts a deployment followed by a revert of its change or a patch release as failed", () => {
    const repo = new Repo("failures");
    repo.commit(0);
    repo.tag("v1.0.0", day);
    const bad = repo.commit(2 * day);
    repo.tag("v1.1.0", 3 * day);
    repo.commit(3 * day + hour, 3 * day + hour, `Revert "change 2"`, `This reverts commit ${bad}.`);
    repo.tag("v1.2.0", 3 * day + 5 * hour);
    repo.commit(20 * day);
    repo.tag("v1.3.0", 21 * day);
    repo.commit(21 * day + hour);
    repo.tag("v1.3.1", 21 * day + 2 * hour); // a patch of v1.3.0 within the window
    repo.commit(40 * day);
    repo.tag("v1.3.2", 40 * day); // a patch too, but 19 days later: outside the window
    const report = measure(repo, { until: t0 + 50 * day });
    expect(report.deployments).toBe(6);
    expect(report.changeFailureRate).toMatchObject({
      value: Math.round((2 / 6) * 10000) / 10000,
      failed: 2,
      kind: "proxy",
    });
    // Restored by the next deployment: 5 h after v1.1.0 and 2 h after v1.3.0.
    expect(report.timeToRestore).toMatchObject({
      medianSeconds: 2 * hour,
      restored: 2,
      kind: "proxy",
      band: "high",
    });
  });

  it("measures failures from an incidents file when one is given", () => {
    const repo = new Repo("incidents");
    repo.commit(0);
    repo.tag("v1.0.0", day);
    const cause = repo.commit(2 * day);
    repo.tag("v1.1.0", 3 * day);
    repo.commit(4 * day);
    repo.tag("v1.2.0", 5 * day);
    const lines = [
      JSON.stringify({
        start: new Date((t0 + 3 * day + hour) * 1000).toISOString(),
        end: new Date((t0 + 3 * day + 3 * hour) * 1000).toISOString(),
        commit: cause.slice(0, 10),
      }),
      JSON.stringify({
        start: new Date((t0 + 6 * day) * 1000).toISOString(),
        end: new Date((t0 + 6 * day + 30 * 60) * 1000).toISOString(),
        version: "1.2.0",
      }),
      "",
    ];
    const report = measure(repo, {
      until: t0 + 7 * day,
      incidents: { lines, path: "incidents.jsonl" },
    });
    expect(report.changeFailureRate).toMatchObject({ failed: 2, kind: "measured", value: 0.6667 });
    expect(report.timeToRestore).toMatchObject({
      medianSeconds: 30 * 60,
      restored: 2,
      kind: "measured",
    });
  });

  it("reads changesets' per-package tags as one stream per package", () => {
    const repo = new Repo("monorepo");
    repo.commit(0);
    repo.tag("@acme/a@1.0.0", day);
    repo.tag("b@1.0.0", day);
    repo.commit(2 * day);
    repo.tag("@acme/a@1.1.0", 3 * day);
    repo.commit(4 * day);
    repo.tag("b@1.1.0", 8 * day);
    repo.tag("@acme/a@1.2.0-next.0", 9 * day); // a prerelease: not production
    const report = measure(repo, { until: t0 + 14 * day });
    expect(report.deployments).toBe(4);
    expect(report.packages).toEqual([
      { name: "@acme/a", deployments: 2, leadTimeMedianSeconds: day, changeFailureRate: 0 },
      { name: "b", deployments: 2, leadTimeMedianSeconds: 4 * day, changeFailureRate: 0 },
    ]);
  });

  it("counts the commits a merge brings, not the merge, and clamps clock skew to zero", () => {
    const repo = new Repo("merges");
    repo.commit(0);
    repo.tag("v1.0.0", day);
    repo.git(["checkout", "-q", "-b", "feature"], 2 * day);
    repo.commit(2 * day);
    repo.commit(30 * day); // authored "after" its deployment: a skewed clock
    repo.git(["checkout", "-q", "main"], 3 * day);
    repo.git(["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"], 4 * day);
    repo.tag("v1.1.0", 5 * day);
    const report = measure(repo, { until: t0 + 6 * day });
    expect(report.leadTime.changes).toBe(2);
    expect(report.leadTime.skewedCommits).toBe(1);
    expect(report.leadTime.medianSeconds).toBe(0);
    expect(report.leadTime.p90Seconds).toBe(3 * day);
    // Deploying every merge: the trunk's first-parent line, at committer dates.
    const merges = measure(repo, { until: t0 + 6 * day, since: t0 }, { kind: "merges" });
    expect(merges.deployments).toBe(2);
    expect(merges.deploymentFrequency.kind).toBe("proxy");
  });

  it("reports no deployments as such, for no tags and for one tag", () => {
    const none = new Repo("none");
    none.commit(0);
    expect(measure(none)).toMatchObject({
      deployments: 0,
      deploymentFrequency: { perWeek: null, band: null },
      leadTime: { medianSeconds: null, changes: 0 },
      changeFailureRate: { value: null },
    });
    none.tag("v0.1.0", day);
    const one = measure(none, { until: t0 + 8 * day });
    expect(one.deployments).toBe(1);
    expect(one.leadTime.changes).toBe(0);
    expect(one.deploymentFrequency.perWeek).toBe(1);
  });

  it("takes deployments from a file, measured, matching versions to tags", () => {
    const repo = new Repo("file");
    const first = repo.commit(0);
    repo.tag("v1.0.0", day);
    repo.commit(2 * day);
    repo.tag("v1.1.0", 3 * day);
    const lines = [
      JSON.stringify({
        time: new Date((t0 + 2 * day) * 1000).toISOString(),
        commit: first,
        environment: "production",
      }),
      JSON.stringify({ time: new Date((t0 + 4 * day) * 1000).toISOString(), version: "1.1.0" }),
      JSON.stringify({
        time: new Date((t0 + 4 * day) * 1000).toISOString(),
        version: "1.1.0",
        environment: "staging",
      }),
    ];
    const report = measure(
      repo,
      { until: t0 + 7 * day },
      { kind: "file", lines, path: "d.jsonl", environment: "production" },
    );
    expect(report.deployments).toBe(2);
    expect(report.deploymentFrequency.kind).toBe("measured");
    expect(report.leadTime.medianSeconds).toBe(2 * day);
    expect(() =>
      measure(
        repo,
        {},
        {
          kind: "file",
          lines: ['{"time":"2026-01-01","version":"9.9.9"}'],
          path: "d.jsonl",
          environment: "production",
        },
      ),
    ).toThrow("d.jsonl:1: names version 9.9.9, which is not in the history");
  });

  it("says so when the directory is not a repository", () => {
    const dir = join(scratch, "plain");
    spawnSync("mkdir", [dir]);
    expect(() => readHistory(dir)).toThrow(`${dir}: not a git repository; pass a git checkout.`);
  });
});

describe("percentile", () => {
  it("is the nearest rank", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1], 90)).toBe(1);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});
