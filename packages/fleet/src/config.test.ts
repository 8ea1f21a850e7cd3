import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fleetConfig } from "./__fixtures__/fleet.js";
import { tempDir } from "./__fixtures__/repos.js";
import { meets, statusOf } from "./campaigns.js";
import { loadFleetConfig, parseFleetConfig } from "./config.js";
import { catalogOwner, defaultOwner } from "./teams.js";

const campaign = {
  id: "c",
  rule: "review/codeowners",
  target: 80,
  deadline: "2027-01-31",
  owner: "@p",
};

describe("the fleet config", () => {
  it("accepts teams and campaigns, a campaign's title defaulting to its id", () => {
    expect(parseFleetConfig(fleetConfig, "paved.fleet.json")).toEqual(fleetConfig);
    expect(parseFleetConfig({ campaigns: [campaign] }, "f.json")).toEqual({
      teams: {},
      campaigns: [{ ...campaign, title: "c" }],
    });
  });

  it.each([
    [[], "f.json: must be a JSON object"],
    [{ teams: { a: 1 } }, 'f.json: "teams" must map repository ids to team names.'],
    [{ campaigns: {} }, 'f.json: "campaigns" must be an array.'],
    [{ campaigns: [1] }, "f.json: campaigns[0] must be an object."],
    [{ campaigns: [{ ...campaign, id: "" }] }, "campaigns[0].id must be a non-empty string."],
    [
      { campaigns: [{ ...campaign, station: "review" }] },
      'campaigns[0] must name exactly one of "station" or "rule".',
    ],
    [
      { campaigns: [{ ...campaign, rule: undefined, station: "tests" }] },
      "campaigns[0].station 'tests' is not a station; use one of format, lint",
    ],
    [
      { campaigns: [{ ...campaign, rule: "review/nope" }] },
      "campaigns[0].rule 'review/nope' is not a rule",
    ],
    [
      { campaigns: [{ ...campaign, target: 0 }] },
      "campaigns[0].target must be a percentage above 0, at most 100.",
    ],
    [
      { campaigns: [{ ...campaign, deadline: "soon" }] },
      "campaigns[0].deadline must be a date, YYYY-MM-DD.",
    ],
    [
      { campaigns: [{ ...campaign, owner: " " }] },
      "campaigns[0].owner must be a non-empty string.",
    ],
    [{ campaigns: [campaign, campaign] }, "campaign id 'c' is used twice."],
  ])("refuses %j, naming the setting", (value, message) => {
    expect(() => parseFleetConfig(value, "f.json")).toThrow(message);
  });

  it("reads the file: missing is empty unless asked for, bad JSON names the file", () => {
    const dir = tempDir("config");
    expect(loadFleetConfig(join(dir, "paved.fleet.json"), false)).toEqual({
      teams: {},
      campaigns: [],
    });
    expect(() => loadFleetConfig(join(dir, "paved.fleet.json"), true)).toThrow(
      /paved\.fleet\.json: .*; pass a readable fleet config\./,
    );
    writeFileSync(join(dir, "bad.json"), "{ nope");
    expect(() => loadFleetConfig(join(dir, "bad.json"), true)).toThrow(
      /bad\.json: not valid JSON \(.*\); fix it\./,
    );
  });
});

describe("campaigns", () => {
  const entry = {
    schemaVersion: 1 as const,
    run: "r",
    time: "t",
    repo: "x",
    source: "checkout" as const,
    durationMs: 1,
    ok: true as const,
    report: "reports/x.json",
    score: 50,
    coverage: 1,
    failing: [],
    blindSpots: [],
    waivers: [],
    stations: {
      review: { status: "pass" as const, score: 100 },
      test: { status: "partial" as const, score: 40 },
    },
    rules: { "review/codeowners": "pass" as const, "test/runner": "fail" as const },
  };

  it("count a repository done when it passes the station or rule, never when its audit failed", () => {
    expect(meets({ ...campaign, title: "c" }, entry)).toBe(true);
    expect(meets({ ...campaign, title: "c", rule: "test/runner" }, entry)).toBe(false);
    const station = {
      id: "s",
      title: "s",
      station: "review",
      target: 50,
      deadline: "2027-01-01",
      owner: "o",
    };
    expect(meets(station, entry)).toBe(true);
    expect(meets({ ...station, station: "test" }, entry)).toBe(false);
    expect(meets(station, { ...entry, ok: false, error: "boom" })).toBe(false);
  });

  it("are met at the target, missed only after the deadline day", () => {
    const c = { ...campaign, title: "c" };
    expect(statusOf(80, c, "2027-03-01")).toBe("met");
    expect(statusOf(79.9, c, "2027-01-31")).toBe("open");
    expect(statusOf(79.9, c, "2027-02-01")).toBe("missed");
  });
});

describe("owners", () => {
  it("take CODEOWNERS' last catch-all line, its first owner", () => {
    expect(defaultOwner("# owners\n* @a/one @a/two\n/docs @a/docs\n* @a/three # late\n")).toBe(
      "@a/three",
    );
    expect(defaultOwner("/src @a/src\n")).toBeUndefined();
    expect(defaultOwner("*\n")).toBeUndefined();
    expect(defaultOwner("* @a/\u001b[31mred\n")).toBe("@a/?[31mred");
  });

  it("take catalog-info.yaml's first entity with an owner", () => {
    expect(catalogOwner("kind: Location\n---\nkind: Component\nspec:\n  owner: team-a\n")).toBe(
      "team-a",
    );
    expect(catalogOwner("spec: [\n")).toBeUndefined();
    expect(catalogOwner("spec:\n  owner: 3\n")).toBeUndefined();
  });
});
