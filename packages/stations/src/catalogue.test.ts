import { describe, expect, it } from "vitest";
import { stationById, stations } from "./index.js";

describe("the station catalogue", () => {
  it("orders the stations 1..n without gaps or duplicates", () => {
    expect(stations.map((station) => station.order)).toEqual(stations.map((_, index) => index + 1));
    expect(new Set(stations.map((station) => station.id)).size).toBe(stations.length);
  });

  it("has at least the stations of the paved road", () => {
    expect(stations.map((station) => station.id)).toEqual(
      expect.arrayContaining([
        "format",
        "lint",
        "typecheck",
        "pre-commit",
        "test",
        "build",
        "ci",
        "security",
        "dependency-updates",
        "review",
        "release",
        "telemetry",
        "runtime",
      ]),
    );
  });

  it("names, for each station, a defect class and rules whose ids start with the station id", () => {
    for (const station of stations) {
      expect(station.defectClass.length, station.id).toBeGreaterThan(10);
      expect(station.rules.length, station.id).toBeGreaterThan(0);
      for (const rule of station.rules) expect(rule.startsWith(`${station.id}/`), rule).toBe(true);
    }
  });

  it("names, for each station, core evidence among its own rules", () => {
    for (const station of stations) {
      expect(station.coreEvidence.rules.length, station.id).toBeGreaterThan(0);
      for (const rule of station.coreEvidence.rules) expect(station.rules, rule).toContain(rule);
      expect(station.coreEvidence.what.length, station.id).toBeGreaterThan(10);
    }
  });

  it("finds a station by id", () => {
    expect(stationById("lint")?.preset).toBe("@paved/eslint-config");
    expect(stationById("nope")).toBeUndefined();
  });
});
