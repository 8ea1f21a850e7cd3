import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deploymentsOf, type DeploymentSource } from "./deployments.js";
import { HistoryError, readHistory, type GitInvocation } from "./history.js";
import { dora, percentile, type DoraOptions } from "./metrics.js";
import { recentHistoryCommands } from "./recent.js";
import { doraSettingsProblem, recentDelivery, sourceOfSettings } from "./settings.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-dora-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** git as the audit runs it: no machine config, no looking above the repository. */
const git: GitInvocation = (dir, args) => ({
  args: ["-C", dir, ...args],
  env: {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: "/nonexistent",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CEILING_DIRECTORIES: dirname(dir),
  },
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
  const history = readHistory(repo.dir, { git });
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

  it("times each tag from the history read: tagger date, else the commit's, else none", () => {
    const repo = new Repo("tag-times");
    repo.commit(0);
    repo.tag("v0.9.0", day, false); // its commit is older than the walk below
    repo.commit(10 * day);
    repo.tag("v1.0.0", 11 * day); // annotated: tagged a day after its commit
    repo.commit(12 * day, 13 * day);
    repo.tag("v1.1.0", 14 * day, false); // lightweight: its commit's committer date
    const history = readHistory(repo.dir, { git, since: t0 + 5 * day });
    const times = Object.fromEntries(history.tags.map((tag) => [tag.name, tag.time]));
    expect(times).toEqual({
      "v0.9.0": undefined,
      "v1.0.0": t0 + 11 * day,
      "v1.1.0": t0 + 13 * day,
    });
    // A tag outside the walk counts for no deployment of its own, but still names its commit
    // for a deployments file.
    expect(deploymentsOf(history, { kind: "tags" }).map((found) => found.label)).toEqual([
      "v1.0.0",
      "v1.1.0",
    ]);
    const file = deploymentsOf(history, {
      kind: "file",
      lines: ['{"time":"2026-01-01T00:00:00Z","version":"0.9.0"}'],
      path: "d.jsonl",
      environment: "production",
    });
    expect(file.map((found) => found.sha)).toEqual([history.tags[0]?.sha]);
  });

  it("takes a team's own tag pattern (RE2), its group naming the package, its X.Y.Z the version", () => {
    const repo = new Repo("pattern");
    repo.commit(0);
    repo.tag("release/api/1.0.0", day);
    repo.tag("v9.0.0", day); // not this team's tags: the pattern replaces the default
    repo.commit(2 * day);
    repo.tag("release/api/1.1.0", 3 * day);
    const fix = repo.commit(3 * day + hour);
    repo.tag("release/api/1.1.1", 3 * day + 2 * hour); // a patch release: 1.1.0 failed
    expect(fix).toMatch(/^[0-9a-f]{40}$/);
    const report = measure(
      repo,
      { until: t0 + 7 * day },
      sourceOfSettings({ tagPattern: "^release/([a-z]+)/\\d+\\.\\d+\\.\\d+$" }),
    );
    expect(report.deployments).toBe(3);
    expect(report.packages.map((entry) => entry.name)).toEqual(["api"]);
    expect(report.changeFailureRate).toMatchObject({ failed: 1, kind: "proxy" });
    expect(report.timeToRestore.medianSeconds).toBe(2 * hour);
  });

  it("refuses settings it cannot use, naming the setting", () => {
    expect(doraSettingsProblem({ deployments: "merges", trunk: "main" })).toBeUndefined();
    expect(doraSettingsProblem({ tagPattern: "(a" })).toMatch(
      /^"dora" → "tagPattern" is not a regular expression RE2 can match/,
    );
    // A backreference is not RE2: a pattern that could take exponential time never runs.
    expect(doraSettingsProblem({ tagPattern: "(a+)\\1" })).toMatch(/RE2 can match/);
    expect(doraSettingsProblem({ trunk: "--upload-pack=x" })).toMatch(/"trunk" must be a branch/);
    expect(doraSettingsProblem({ failureWindowHours: 0 })).toMatch(/"failureWindowHours"/);
    expect(doraSettingsProblem({ deployments: "pushes" })).toMatch(/"tags" or "merges"/);
    expect(doraSettingsProblem({ window: 1 })).toMatch(/"window" is not a setting/);
    expect(doraSettingsProblem([])).toMatch(/must be an object/);
  });

  it("deploys each merge to a named trunk, whatever branch is checked out", () => {
    const repo = new Repo("trunk");
    repo.commit(0);
    repo.git(["checkout", "-q", "-b", "feature"], day);
    repo.commit(day);
    repo.git(["checkout", "-q", "main"], 2 * day);
    repo.git(["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"], 3 * day);
    repo.git(["checkout", "-q", "-b", "topic"], 4 * day);
    repo.commit(4 * day); // on a topic branch, checked out: not on the trunk
    const history = readHistory(repo.dir, { git, trunk: "main" });
    const report = dora(
      history,
      deploymentsOf(history, { kind: "merges" }),
      options({ source: "merges", since: t0, until: t0 + 7 * day }),
    );
    // The trunk: the first commit and the merge; the merge brings the feature commit in 2 d.
    expect(report.deployments).toBe(2);
    expect(report.leadTime).toMatchObject({ changes: 1, medianSeconds: 2 * day });
    expect(() => readHistory(repo.dir, { git, trunk: "trunk" })).toThrow(
      `${repo.dir}: no branch trunk (nor origin/trunk); set "dora" → "trunk" in paved.config.json`,
    );
  });

  it("gives the audit the last 90 days, reading only the history it needs", () => {
    const repo = new Repo("recent");
    repo.commit(0);
    repo.tag("v1.0.0", day);
    repo.commit(300 * day);
    repo.tag("v1.1.0", 301 * day);
    repo.commit(380 * day);
    repo.tag("v1.2.0", 382 * day);
    const keys = recentDelivery(repo.dir, { git, settings: {}, now: t0 + 400 * day });
    // v1.0.0 is older than the history read; v1.1.0 is its baseline; v1.2.0 is in the range.
    expect(keys).toMatchObject({
      deployments: 1,
      range: { since: new Date((t0 + 310 * day) * 1000).toISOString() },
      leadTime: { changes: 1, medianSeconds: 2 * day, kind: "proxy" },
    });
    expect(keys).not.toHaveProperty("trend");
    const none = new Repo("recent-none");
    none.commit(0);
    expect(recentDelivery(none.dir, { git, settings: {}, now: t0 + day })).toBeUndefined();
  });

  it("gives the audit the same keys from git output run beforehand, and ignores output of another time", () => {
    const repo = new Repo("prefetched");
    repo.commit(0);
    repo.tag("v1.1.0", 301 * day);
    repo.commit(380 * day);
    repo.tag("v1.2.0", 382 * day);
    repo.commit(385 * day);
    const now = t0 + 400 * day;
    const commands = recentHistoryCommands(now);
    const run = (args: readonly string[]) => {
      const { args: full, env } = git(repo.dir, args);
      const result = spawnSync("git", full, { env });
      expect(result.status).toBe(0);
      return result.stdout;
    };
    const prefetched = { since: commands.since, refs: run(commands.refs), log: run(commands.log) };
    const direct = recentDelivery(repo.dir, { git, settings: {}, now });
    expect(direct).toMatchObject({ deployments: 1 });
    expect(recentDelivery(repo.dir, { git, settings: {}, now, prefetched })).toEqual(direct);
    // Output that is not what readHistory would read (another walk start, or a trunk named)
    // is not used: git runs again.
    const empty = { since: commands.since, refs: Buffer.alloc(0), log: Buffer.alloc(0) };
    expect(recentDelivery(repo.dir, { git, settings: {}, now, prefetched: empty })).toBeUndefined();
    const stale = { ...empty, since: commands.since - 1 };
    expect(recentDelivery(repo.dir, { git, settings: {}, now, prefetched: stale })).toEqual(direct);
    expect(
      recentDelivery(repo.dir, { git, settings: { trunk: "main" }, now, prefetched: empty }),
    ).toEqual(recentDelivery(repo.dir, { git, settings: { trunk: "main" }, now }));
  });

  it("finds a revert's line anywhere in its message, and only in its own message", () => {
    const repo = new Repo("revert-parse");
    repo.commit(0);
    repo.tag("v1.0.0", day);
    const bad = repo.commit(2 * day);
    repo.tag("v1.1.0", 3 * day);
    repo.commit(
      3 * day + hour,
      3 * day + hour,
      "revert: undo",
      `Why.\n\nThis reverts commit ${bad.slice(0, 9)}.`,
    );
    repo.commit(3 * day + 2 * hour, 3 * day + 2 * hour, "mentions", "This reverts commit zz.");
    repo.tag("v1.2.0", 3 * day + 5 * hour);
    const history = readHistory(repo.dir, { git });
    const reverts = [...history.commits.values()].flatMap((c) =>
      c.reverts === undefined ? [] : [c.reverts],
    );
    // Made full once read, so that metrics look it up instead of scanning every commit.
    expect(reverts).toEqual([bad]);
    expect(measure(repo, { until: t0 + 7 * day }).changeFailureRate.failed).toBe(1);
  });

  it("finds HEAD among the log's decorations: on a branch, detached, and before any commit", () => {
    const repo = new Repo("head");
    expect(readHistory(repo.dir, { git })).toEqual({ commits: new Map(), tags: [], trunk: [] });
    const first = repo.commit(0);
    const second = repo.commit(day);
    repo.tag("v1.0.0", day); // a tag on HEAD: decorated "HEAD -> main, tag: v1.0.0"
    expect(readHistory(repo.dir, { git }).trunk).toEqual([second, first]);
    repo.git(["checkout", "-q", "--detach", first], 2 * day);
    expect(readHistory(repo.dir, { git }).trunk).toEqual([first]);
  });

  it("gives up on a git that blocks (a FIFO among the objects) after its time, with a HistoryError", () => {
    const repo = new Repo("fifo");
    const head = repo.commit(0);
    const object = join(repo.dir, ".git", "objects", head.slice(0, 2), head.slice(2));
    rmSync(object);
    expect(spawnSync("mkfifo", [object]).status).toBe(0);
    const started = Date.now();
    expect(() => readHistory(repo.dir, { git, timeoutMs: 500 })).toThrow(HistoryError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("says so when the directory is not a repository", () => {
    const dir = join(scratch, "plain");
    spawnSync("mkdir", [dir]);
    expect(() => readHistory(dir, { git })).toThrow(
      `${dir}: not a git repository; pass a git checkout.`,
    );
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
