import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "@paved/conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFleet, fleetConfig, inDays, today } from "./__fixtures__/fleet.js";
import { renderDashboardJson, renderMarkdownDigest } from "./dashboard/markdown.js";
import type { Dashboard } from "./dashboard/model.js";
import { fleetDashboard, writeHtmlDashboard } from "./report.js";
import { reportsDir } from "./store.js";

let root: string;
let out: string;
let model: Dashboard;
const reports = new Map<string, Report>();

beforeAll(async () => {
  ({ root, out } = await buildFleet());
  model = fleetDashboard(out, {
    config: fleetConfig,
    today,
    generated: "2026-12-01T00:00:00.000Z",
  });
  for (const row of model.repos)
    if (row.entry.ok)
      reports.set(
        row.repo,
        JSON.parse(readFileSync(join(out, row.entry.report), "utf8")) as Report,
      );
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("the dashboard's numbers", () => {
  it("are the latest run's repositories, with each report's own score and station statuses", () => {
    expect(model.repos.map((row) => row.repo)).toEqual([
      "repos/alpha",
      "repos/beta",
      "repos/delta",
      "repos/epsilon",
      "repos/gamma",
    ]);
    expect(readdirSync(join(out, reportsDir))).toHaveLength(5);
    for (const row of model.repos) {
      const report = reports.get(row.repo);
      if (!row.entry.ok || report === undefined) throw new Error(`${row.repo} has no report`);
      expect(row.entry.score).toBe(report.score);
      for (const station of report.stations)
        expect(row.entry.stations[station.id]).toEqual({
          status: station.status,
          score: station.score,
        });
    }
    const scores = [...reports.values()].map((report) => report.score);
    expect(model.latestRun?.score).toBe(
      Math.round((10 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 10,
    );
    for (const station of model.stations) {
      const passing = [...reports.values()].filter(
        (report) => report.stations.find((s) => s.id === station.id)?.status === "pass",
      ).length;
      expect(model.latestRun?.stations[station.id]?.pass).toBe(passing);
    }
  });

  it("rank blind spots by how many reports share them", () => {
    for (const spot of model.blindSpots) {
      const sharing = [...reports]
        .filter(([, report]) => report.blindSpots.some((s) => s.station === spot.station))
        .map(([repo]) => repo);
      expect(spot.repos).toEqual(sharing);
    }
    const counts = model.blindSpots.map((spot) => spot.repos.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it("say what is new and what was fixed since the last run", () => {
    expect(model.fixed).toContainEqual({ repo: "repos/beta", finding: "review/codeowners" });
    expect(model.newFailures).toContainEqual({ repo: "repos/alpha", finding: "review/codeowners" });
    expect(model.newRepos).toEqual(["repos/epsilon"]);
    expect(model.runs.map((run) => run.run)).toEqual(["run-1", "run-2"]);
    expect(
      model.repos.find((row) => row.repo === "repos/beta")?.trend.map((point) => point.run),
    ).toEqual(["run-1", "run-2"]);
  });

  it("roll up by team: the mapping, then CODEOWNERS, then nobody", () => {
    const teams = Object.fromEntries(model.repos.map((row) => [row.repo, row.team]));
    expect(teams).toEqual({
      "repos/alpha": "(no owner)",
      "repos/beta": "@acme/beta",
      "repos/delta": "(no owner)",
      "repos/epsilon": "(no owner)",
      "repos/gamma": "@acme/mapped",
    });
    expect(model.teams.find((team) => team.team === "(no owner)")?.repos).toBe(3);
  });

  it("list waivers that expire within 30 days, as each report lists them", () => {
    const waived = reports.get("repos/gamma")?.config.waived ?? [];
    expect(waived.length).toBeGreaterThan(0);
    expect(model.expiringWaivers).toEqual(
      waived.map((waiver) => ({
        repo: "repos/gamma",
        rule: waiver.ruleId,
        project: waiver.project,
        owner: "@acme/lead",
        expires: inDays(10),
        days: 10,
      })),
    );
  });

  it("give each campaign its progress, status and burndown", () => {
    const [owners, review, few] = model.campaigns;
    const owned = [...reports.values()].filter((report) =>
      report.findings.some((f) => f.ruleId === "review/codeowners" && f.outcome === "pass"),
    ).length;
    expect(owners).toMatchObject({ done: owned, total: 5, status: "open" });
    expect(review?.status).toBe("missed");
    expect(few?.status).toBe("met");
    expect(owners?.burndown.map((point) => [point.run, point.total])).toEqual([
      ["run-1", 4],
      ["run-2", 5],
    ]);
    expect(owners?.burndown[1]?.remaining).toBe(5 - owned);
  });
});

describe("paved fleet report's formats", () => {
  it("writes a static HTML folder: no script, nothing from outside", () => {
    const dashboard = join(root, "dashboard");
    const files = writeHtmlDashboard(out, dashboard, model);
    expect(files).toHaveLength(6);
    for (const file of files) {
      const page = readFileSync(join(dashboard, file), "utf8");
      expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    const alpha = readFileSync(
      join(dashboard, files.find((file) => file.includes("alpha")) ?? ""),
      "utf8",
    );
    const href = /href="([^"]+\.json)"/.exec(alpha)?.[1] ?? "";
    expect(JSON.parse(readFileSync(join(dashboard, "repos", href), "utf8"))).toEqual(
      reports.get("repos/alpha"),
    );
  });

  it("digests it in Markdown and gives its data as JSON", () => {
    const digest = renderMarkdownDigest(model);
    expect(digest).toContain("| Every repository owned | ");
    expect(digest).toMatch(/## Fixed \(1\)\n\n- repos\/beta: review\/codeowners/);
    expect(digest).toContain(
      `## Waivers expiring within 30 days (${String(model.expiringWaivers.length)})`,
    );
    // The same numbers: the model itself, through JSON.
    expect(JSON.parse(renderDashboardJson(model))).toEqual(JSON.parse(JSON.stringify(model)));
  });
});
