import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { renderFleetGithub } from "@paved/ci";
import type { Io } from "../io.js";
import { packageInfo } from "../version.js";
import { runAudit } from "./audit.js";
import { fleetHelp, progressWriter, runFleet } from "./fleet.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-cli-fleet-"));
const io: Io = { cwd: scratch, env: {}, stdoutIsTerminal: false };
const lines: string[] = [];
const progress = progressWriter((text) => lines.push(text), false);
const fleet = (...argv: string[]) => runFleet(argv, io, progress);

function repo(name: string, files: Record<string, string>) {
  const dir = join(scratch, "repos", name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "A",
    GIT_AUTHOR_EMAIL: "a@example.com",
    GIT_COMMITTER_NAME: "A",
    GIT_COMMITTER_EMAIL: "a@example.com",
  };
  for (const args of [
    ["init", "-q"],
    ["add", "-A"],
    ["commit", "-qm", "init"],
  ])
    expect(spawnSync("git", args, { cwd: dir, env }).status).toBe(0);
}

beforeAll(() => {
  repo("api", {
    "package.json": '{ "name": "api", "scripts": { "test": "vitest run" } }\n',
    CODEOWNERS: "* @acme/api\n",
  });
  repo("web", { "package.json": '{ "name": "web" }\n' });
  writeFileSync(join(scratch, "list.txt"), "repos/web\nrepos/gone\n");
  writeFileSync(
    join(scratch, "campaigns.json"),
    `${JSON.stringify({ campaigns: [{ id: "owners", rule: "review/codeowners", target: 100, deadline: "2020-01-01", owner: "@acme/platform" }] })}\n`,
  );
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("paved fleet audit", () => {
  it("writes the reports paved audit writes, records errors, and prints plain progress lines", async () => {
    const result = await fleet(
      "audit",
      "repos",
      "list.txt",
      "--out",
      "out",
      "--jobs",
      "2",
      "--run",
      "r1",
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: "" });
    expect(result.stderr).toBe("paved fleet: 3 repositories audited, 1 errors; run r1 in out\n");
    // One line per repository, in the order they finish.
    expect(lines).toHaveLength(3);
    // The scores are the audit's own, whatever the rules make of these repositories.
    const score = (name: string) =>
      (
        JSON.parse(runAudit([join(scratch, "repos", name), "--format", "json"], io).stdout) as {
          score: number;
        }
      ).score;
    expect(lines.map((line) => line.replace(/^paved fleet: \d\/3 /, "")).sort()).toEqual([
      `repos/api score ${String(score("api"))}\n`,
      `repos/gone error: ${join(scratch, "repos", "gone")}: no such directory\n`,
      `repos/web score ${String(score("web"))}\n`,
    ]);
    for (const name of ["api", "web"]) {
      const file =
        readdirSync(join(scratch, "out", "reports")).find((f) => f.startsWith(`repos_${name}-`)) ??
        "";
      const direct = runAudit([join(scratch, "repos", name), "--format", "json"], io);
      expect(readFileSync(join(scratch, "out", "reports", file), "utf8")).toBe(direct.stdout);
    }
  });

  it("audits a shard, and exits 1 with --fail-on-campaign when a campaign's deadline passed unmet", async () => {
    const result = await fleet(
      "audit",
      "repos",
      "--out",
      "shard",
      "--shard",
      "1/1",
      "--fleet-config",
      "campaigns.json",
      "--fail-on-campaign",
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("(shard 1/1 of 2)");
    expect(result.stderr).toContain(
      "paved fleet: campaign owners missed: 50% of 100% by 2020-01-01 (owner @acme/platform)\n",
    );
  });

  it.each([
    [["audit", "--out", "o"], "name the repositories to audit"],
    [["audit", "repos"], "--out DIR is required"],
    [
      ["audit", "repos", "--out", "o", "--jobs", "0"],
      "--jobs must be a whole number from 1; got '0'.",
    ],
    [
      ["audit", "repos", "--out", "o", "--timeout", "x"],
      "--timeout must be a whole number of seconds from 1",
    ],
    [["audit", "repos", "--out", "o", "--shard", "3/2"], "--shard must be I/N with 1 ≤ I ≤ N"],
    [["merge", "--out", "m"], "name the fleet directories to merge."],
    [["merge", "out"], "--out DIR is required"],
    [["report"], "name one fleet directory"],
    [
      ["report", "out", "--format", "pdf"],
      "--format must be one of html, markdown, json; got 'pdf'.",
    ],
    [["report", "out", "--today", "tomorrow"], "--today must be YYYY-MM-DD"],
    [["report", "repos"], "repos: no history.jsonl; run paved fleet audit --out repos first."],
    [["audit", "repos", "--out", "list.txt"], "--out list.txt: not a directory; name a folder"],
    [["merge", "out", "--out", "list.txt"], "--out list.txt: not a directory"],
    [[], "name a subcommand: audit, merge, report or pipeline."],
    [["rollout"], "no subcommand 'rollout'"],
    [["audit", "--bogus"], "Unknown option '--bogus'"],
    [["pipeline"], "--provider must be github or gitlab; got ''."],
    [
      ["pipeline", "--provider", "github", "--shards", "999"],
      "--shards must be a whole number from 1 to 256",
    ],
    [["pipeline", "x", "--provider", "github"], "pipeline takes no arguments"],
  ])("refuses %j with a usage error", async (argv, message) => {
    const result = await fleet(...argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("says which input is wrong: a missing path, a broken fleet config", async () => {
    expect((await fleet("audit", "nowhere", "--out", "o")).stderr).toBe(
      "paved fleet: nowhere: no such file or directory; pass checkouts, bare repositories or a list file.\n",
    );
    writeFileSync(join(scratch, "broken.json"), "{");
    const broken = await fleet("report", "out", "--fleet-config", "broken.json");
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/^paved fleet: .*broken\.json: not valid JSON/);
    expect((await fleet("merge", "repos", "--out", "m")).stderr).toMatch(
      /repos: no history\.jsonl/,
    );
  });

  it("prints its help", async () => {
    expect(await fleet("--help")).toEqual({ exitCode: 0, stdout: fleetHelp, stderr: "" });
  });
});

describe("paved fleet merge and report", () => {
  it("merges shards and writes the dashboard, the digest and the data", async () => {
    const merged = await fleet("merge", "out", "shard", "--out", "merged");
    expect(merged).toEqual({
      exitCode: 0,
      stdout: "",
      stderr: "paved fleet: 5 history entries merged into merged\n",
    });
    const html = await fleet("report", "merged", "--fleet-config", "campaigns.json");
    expect(html.stderr).toBe(
      `paved fleet: dashboard of 2 repositories (3 pages) written to ${join(scratch, "merged", "dashboard", "index.html")}\n`,
    );
    expect(readFileSync(join(scratch, "merged", "dashboard", "index.html"), "utf8")).toContain(
      "repos/api",
    );
    const markdown = await fleet(
      "report",
      "merged",
      "--format",
      "markdown",
      "--fleet-config",
      "campaigns.json",
      "--fail-on-campaign",
    );
    expect(markdown.exitCode).toBe(1);
    expect(markdown.stdout).toMatch(/^# Paved fleet\n/);
    const json = await fleet("report", "out", "--format", "json", "--today", "2026-01-01");
    expect(JSON.parse(json.stdout)).toMatchObject({
      today: "2026-01-01",
      repos: [{ repo: "repos/api" }, { repo: "repos/gone" }, { repo: "repos/web" }],
    });
    writeFileSync(join(scratch, "out", "history.jsonl"), "torn line\n", { flag: "a" });
    expect((await fleet("report", "out", "--out", "dash")).stderr).toMatch(
      /^paved fleet: 1 unreadable history lines skipped\n/,
    );
  });
});

describe("paved fleet pipeline", () => {
  it("prints the matrix workflow or the parallel job, as @paved/ci renders them", async () => {
    const github = await fleet("pipeline", "--provider", "github", "--shards", "3");
    expect(github.stdout).toBe(
      renderFleetGithub({
        shards: 3,
        paved: packageInfo().version,
        version: ciManifest.version,
      }).files.get(".github/workflows/fleet.yml"),
    );
    expect(github.stderr).toBe("paved fleet: the pipeline for .github/workflows/fleet.yml\n");
    const gitlab = await fleet("pipeline", "--provider", "gitlab");
    expect(gitlab.stdout).toContain("  parallel: 4\n");
  });
});

describe("progress on a terminal", () => {
  it("is one bar redrawn in place, ending with a newline", () => {
    const written: string[] = [];
    const bar = progressWriter((text) => written.push(text), true);
    const entry = {
      schemaVersion: 1,
      run: "r",
      time: "t",
      repo: "org/api",
      source: "checkout",
      durationMs: 1,
      ok: false,
      error: "x",
    } as const;
    bar(1, 2, entry);
    bar(2, 2, entry);
    expect(written).toEqual([
      `\r\x1b[2K[${"#".repeat(15)}${".".repeat(15)}] 1/2 org/api`,
      `\r\x1b[2K[${"#".repeat(30)}] 2/2 org/api\n`,
    ]);
  });
});
