import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { budget, samplesOfGithubJobs, samplesOfHistory, samplesOfJunit } from "./budget.js";
import { planLine, runLine } from "./line.js";
import { appendLineRun, historyFile, readLineHistory } from "./line-history.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-line-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let count = 0;
function repo(scripts: Record<string, string>): string {
  count += 1;
  const dir = join(scratch, String(count));
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "x", scripts }));
  writeFileSync(join(dir, "package-lock.json"), "{}");
  return dir;
}

const node = (code: string) => `node -e ${JSON.stringify(code)}`;

async function line(dir: string, keepGoing = false, only?: string[]) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const plan = planLine(manifest, (path) => path === "package-lock.json", only);
  const progress: string[] = [];
  const sink = new PassThrough();
  sink.resume();
  const run = await runLine(plan.stations, {
    cwd: dir,
    keepGoing,
    env: process.env,
    progress: (text) => progress.push(text),
    output: { stdout: sink, stderr: sink },
  });
  return { plan, run, progress };
}

describe("paved line", () => {
  it("runs the stations in line order with the repository's package manager, and stops at the first failure", async () => {
    const dir = repo({
      test: node("process.exit(0)"),
      lint: node(
        'console.error("src/a.ts(3,7): error TS2322: Type string is not number."); process.exit(1)',
      ),
      "format:check": node("process.exit(0)"),
    });
    const { plan, run, progress } = await line(dir);
    expect(plan.stations.map((station) => station.command)).toEqual([
      "npm run format:check",
      "npm run lint",
      "npm run test",
    ]);
    // Spawned as the manager's argv, the script's name one argument: no command line is split.
    expect(plan.stations.map((station) => station.argv)).toEqual([
      ["npm", "run", "format:check"],
      ["npm", "run", "lint"],
      ["npm", "run", "test"],
    ]);
    expect(plan.missing).toEqual(["typecheck", "build"]);
    expect(run.outcome).toBe("fail");
    expect(run.stations.map((station) => [station.id, station.outcome])).toEqual([
      ["format", "pass"],
      ["lint", "fail"],
      ["test", "not-run"],
    ]);
    expect(run.stations[1]).toMatchObject({ exitCode: 1, signature: "type error TS2322" });
    expect(progress.at(-1)).toContain("The line stops here (andon)");
  });

  it("runs the rest with --keep-going, and only the stations asked for", async () => {
    const dir = repo({ lint: node("process.exit(3)"), test: node("process.exit(0)") });
    const { run } = await line(dir, true);
    expect(run.stations.map((station) => station.outcome)).toEqual(["fail", "pass"]);
    const only = await line(dir, false, ["test"]);
    expect(only.run).toMatchObject({
      outcome: "pass",
      stations: [{ id: "test", outcome: "pass" }],
    });
  });

  it("appends each run to a history git ignores, and reads it back", async () => {
    const dir = repo({ test: node("process.exit(0)") });
    const first = await line(dir);
    appendLineRun(dir, first.run);
    appendLineRun(dir, (await line(dir)).run);
    writeFileSync(
      join(dir, historyFile),
      `${readFileSync(join(dir, historyFile), "utf8")}not json\n`,
    );
    const history = readLineHistory(dir);
    expect(history.runs).toHaveLength(2);
    expect(history.skipped).toBe(1);
    expect(readFileSync(join(dir, ".paved/.gitignore"), "utf8")).toMatch(/^\*$/m);
  });
});

describe("paved budget", () => {
  const run = (
    stations: { id: string; ms: number; outcome: "pass" | "fail"; signature?: string }[],
  ) => ({
    schemaVersion: 1 as const,
    time: "2026-12-01T00:00:00Z",
    outcome: "pass" as const,
    keepGoing: false,
    durationMs: 0,
    stations: stations.map((station) => ({
      id: station.id,
      script: station.id,
      command: `npm run ${station.id}`,
      durationMs: station.ms,
      outcome: station.outcome,
      exitCode: station.outcome === "pass" ? 0 : 1,
      ...(station.signature === undefined ? {} : { signature: station.signature }),
    })),
  });

  it("costs each station, and flags one that costs much and catches nothing", () => {
    const runs = Array.from({ length: 6 }, (_, i) =>
      run([
        { id: "lint", ms: 1000 + i * 100, outcome: i === 0 ? "fail" : "pass" },
        { id: "test", ms: 9000, outcome: "pass" },
      ]),
    );
    const report = budget(samplesOfHistory(runs), { local: 6, ci: 0 });
    const [lint, test] = report.stations;
    expect(lint).toMatchObject({
      station: "lint",
      runs: 6,
      failures: 1,
      p50Ms: 1200,
      p95Ms: 1500,
      costPerCatchMs: 7500,
    });
    expect(test).toMatchObject({
      station: "test",
      runs: 6,
      failures: 0,
      costPerCatchMs: null,
      share: 0.878,
    });
    expect(report.findings).toEqual([
      "Test takes 88% of the line's time and caught nothing in 6 runs.",
    ]);
  });

  it("says when a test run fails on a type error that typecheck should catch", () => {
    const report = budget(
      samplesOfHistory([
        run([
          { id: "typecheck", ms: 500, outcome: "pass" },
          { id: "test", ms: 900, outcome: "fail", signature: "type error TS2345" },
        ]),
      ]),
      { local: 1, ci: 0 },
    );
    expect(report.findings).toEqual([
      "Test failed 1 time(s) on a type error (TS2345) that typecheck should catch first: its tsconfig does not cover what this station compiles.",
    ]);
  });

  it("reads CI timings: GitHub Actions' jobs API and JUnit XML", () => {
    const jobs = JSON.stringify({
      jobs: [
        {
          steps: [
            {
              name: "Lint",
              conclusion: "success",
              started_at: "2026-12-01T10:00:00Z",
              completed_at: "2026-12-01T10:00:20Z",
            },
            {
              name: "Test",
              conclusion: "failure",
              started_at: "2026-12-01T10:00:20Z",
              completed_at: "2026-12-01T10:02:20Z",
            },
            {
              name: "Set up job",
              conclusion: "success",
              started_at: "2026-12-01T09:59:00Z",
              completed_at: "2026-12-01T10:00:00Z",
            },
          ],
        },
      ],
    });
    expect(samplesOfGithubJobs(jobs, "jobs.json")).toEqual([
      { station: "lint", durationMs: 20_000, failed: false, where: "ci" },
      { station: "test", durationMs: 120_000, failed: true, where: "ci" },
    ]);
    const junit =
      '<?xml version="1.0"?><testsuites time="12.5"><testsuite name="a" tests="3" failures="1" time="12.5"><testcase name="x" time="1"/></testsuite></testsuites>';
    expect(samplesOfJunit(junit, "junit.xml")).toEqual([
      { station: "test", durationMs: 12_500, failed: true, where: "ci" },
    ]);
    expect(() => samplesOfGithubJobs("{}", "jobs.json")).toThrow('jobs.json: no "jobs" list');
    expect(() => samplesOfJunit("<html/>", "junit.xml")).toThrow(
      "junit.xml: no <testsuites> or <testsuite>",
    );
  });
});
