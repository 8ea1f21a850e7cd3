import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, type Io } from "../index.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-cli-dora-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const io = (cwd: string): Io => ({ cwd, env: {}, stdoutIsTerminal: false });

function git(dir: string, args: string[], date: string) {
  const result = spawnSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "A",
      GIT_AUTHOR_EMAIL: "a@example.com",
      GIT_COMMITTER_NAME: "A",
      GIT_COMMITTER_EMAIL: "a@example.com",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
  expect(result.status, result.stderr).toBe(0);
}

describe("paved dora", () => {
  const dir = join(scratch, "repo");
  git(scratch, ["init", "-q", "-b", "main", dir], "2026-01-01T00:00:00Z");
  for (const [day, tag] of [
    ["01", "v1.0.0"],
    ["03", "v1.1.0"],
    ["10", "v1.2.0"],
  ] as const) {
    writeFileSync(join(dir, `f${day}`), day);
    git(dir, ["add", "-A"], `2026-01-${day}T00:00:00Z`);
    git(dir, ["commit", "-q", "-m", `day ${day}`], `2026-01-${day}T00:00:00Z`);
    git(dir, ["tag", "-a", "-m", tag, tag], `2026-01-${day}T12:00:00Z`);
  }

  it("writes the documented JSON: the four keys, each with its kind, rule and band", () => {
    const result = run(["dora", dir, "--format", "json", "--until", "2026-01-15"], io(scratch));
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, Record<string, unknown>>;
    expect(report).toMatchObject({
      deployments: 3,
      deploymentFrequency: { kind: "proxy", band: "high" },
      leadTime: { medianSeconds: 12 * 3600, p90Seconds: 12 * 3600, kind: "proxy", band: "elite" },
      changeFailureRate: { value: 0, kind: "proxy" },
      timeToRestore: { medianSeconds: null, kind: "proxy" },
    });
    expect(report["deploymentFrequency"]?.["perWeek"]).toBeCloseTo(3 / (13.5 / 7), 2);
    expect(report["bands"]).toEqual(expect.stringContaining("2023"));
  });

  it("prints the keys for people, and Markdown", () => {
    const pretty = run(["dora", dir, "--until", "2026-01-15"], io(scratch));
    expect(pretty.stdout).toContain("Lead time for changes  median 12 h, p90 12 h (2 changes)");
    const markdown = run(["dora", dir, "--format", "markdown"], io(scratch));
    expect(markdown.stdout).toContain("| key | value | band | kind | how |");
  });

  it("names bad input and exits 2", () => {
    expect(run(["dora", dir, "--since", "yesterday"], io(scratch)).stderr).toContain(
      "--since must be a date such as 2026-01-01",
    );
    expect(run(["dora", scratch], io(scratch))).toMatchObject({
      exitCode: 2,
      stderr: `paved dora: ${scratch}: not a git repository; pass a git checkout.\n`,
    });
    const missing = run(["dora", dir, "--incidents", "none.jsonl"], io(scratch));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("none.jsonl: missing");
    expect(run(["dora", dir, "--package", "nope"], io(scratch)).stderr).toContain(
      "no deployments of nope",
    );
  });

  it("reads the repository's dora settings from paved.config.json; a flag wins over them", () => {
    const configured = join(scratch, "configured");
    git(scratch, ["init", "-q", "-b", "main", configured], "2026-01-01T00:00:00Z");
    for (const [day, tag] of [
      ["01", "deploy-1"],
      ["02", "v7.0.0"],
      ["05", "deploy-2"],
    ] as const) {
      writeFileSync(join(configured, `f${day}`), day);
      git(configured, ["add", "-A"], `2026-01-${day}T00:00:00Z`);
      git(configured, ["commit", "-q", "-m", `day ${day}`], `2026-01-${day}T00:00:00Z`);
      git(configured, ["tag", tag], `2026-01-${day}T00:00:00Z`);
    }
    const config = join(configured, "paved.config.json");
    writeFileSync(config, '{ "dora": { "tagPattern": "^deploy-\\\\d+$" } }');
    const json = (args: string[]) =>
      JSON.parse(run(["dora", configured, "--format", "json", ...args], io(scratch)).stdout) as {
        deployments: number;
        source: string;
      };
    // Its own tags, not v7.0.0; --tag-pattern overrides, --deploy-on merges overrides both.
    expect(json(["--until", "2026-01-06"]).deployments).toBe(2);
    expect(json(["--until", "2026-01-06", "--tag-pattern", "^v"]).deployments).toBe(1);
    expect(json(["--until", "2026-01-06", "--deploy-on", "merges"])).toMatchObject({
      source: "merges",
      deployments: 3,
    });
    writeFileSync(config, '{ "dora": { "trunk": "--exec=x" } }');
    expect(run(["dora", configured], io(scratch))).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining(
        `${config}: "dora" → "trunk" must be a branch name`,
      ) as unknown,
    });
    writeFileSync(config, "{}");
    expect(run(["dora", configured, "--trunk", "nope"], io(scratch))).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining("no branch nope (nor origin/nope)") as unknown,
    });
    expect(run(["dora", configured, "--tag-pattern", "(?=x)"], io(scratch)).stderr).toContain(
      "--tag-pattern is not a regular expression RE2 can match",
    );
  });
});
