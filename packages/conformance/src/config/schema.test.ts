import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stations } from "@paved/stations";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rules } from "../rules/all.js";
import { ConfigError, validateConfig } from "./config.js";

const schemaPath = join(import.meta.dirname, "..", "..", "schema", "config.schema.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as { $defs: Record<string, unknown> };
const ruleIds = rules.map((rule) => rule.meta.id);
const validate = new Ajv2020({ allErrors: true }).compile(schema);

describe("schema/config.schema.json", () => {
  it("lists exactly the stations and rules of this release (regenerate with tools/docs/generate.mjs)", () => {
    expect(schema.$defs["station"]).toEqual({
      enum: stations.map((station) => station.id),
      description: expect.any(String) as unknown,
    });
    const patterns = (schema.$defs["rulePattern"] as { anyOf: { enum?: string[] }[] }).anyOf[0]
      ?.enum;
    expect(patterns).toEqual([...ruleIds, ...stations.map((station) => `${station.id}/*`), "*"]);
  });

  it("rejects a waiver's impossible month or day, as the loader does", () => {
    const waiver = { rule: ruleIds[0], reason: "vendor", owner: "@acme/web" };
    for (const expires of ["2027-13-01", "2027-00-10", "2027-01-32", "2027-01-00"]) {
      const config = { waivers: [{ ...waiver, expires }] };
      expect(validate(config), expires).toBe(false);
      expect(() => validateConfig(config, "c.json", ruleIds), expires).toThrow(ConfigError);
    }
    expect(validate({ waivers: [{ ...waiver, expires: "2027-12-31" }] })).toBe(true);
  });

  it("agrees with the loader on paved new's registry setting", () => {
    for (const registry of ["https://npm.acme.test/", "http://127.0.0.1:4873", "ftp://x", "", 1]) {
      const config = { new: { registry } };
      let loaderAccepts = true;
      try {
        validateConfig(config, "c.json", ruleIds);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toMatch(/"new" → "registry" must be an http/);
        loaderAccepts = false;
      }
      expect({ registry, accepted: validate(config) }).toEqual({
        registry,
        accepted: loaderAccepts,
      });
      expect(loaderAccepts).toBe(typeof registry === "string" && registry.startsWith("http"));
    }
  });

  it("agrees with the loader on the dora settings", () => {
    const cases: unknown[] = [
      { deployments: "merges", trunk: "main" },
      { deployments: "pushes" },
      { trunk: "release/2026" },
      { trunk: "-x" },
      { trunk: "a..b" },
      { trunk: "main/" },
      { failureWindowHours: 0 },
      { failureWindowHours: 48.5 },
      { failureWindowHours: 9000 },
      { tagPattern: "^api-v(\\d+)" },
      { tagPattern: "" },
      { extra: 1 },
      "tags",
    ];
    for (const dora of cases) {
      let loaderAccepts = true;
      try {
        validateConfig({ dora }, "c.json", ruleIds);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        loaderAccepts = false;
      }
      expect({ dora, accepted: validate({ dora }) }).toEqual({ dora, accepted: loaderAccepts });
    }
  });

  it("agrees with the loader on generated configs", () => {
    const entry = fc.record(
      {
        rules: fc.dictionary(
          fc.oneof(fc.constantFrom(...ruleIds), fc.string()),
          fc.constantFrom("error", "warning", "note", "off", "loud"),
        ),
        skip: fc.array(
          fc.record({
            station: fc.constantFrom("lint", "review", "nope"),
            reason: fc.constantFrom("why", "", " "),
          }),
        ),
        waivers: fc.array(
          fc.record({
            rule: fc.constantFrom(...ruleIds.slice(0, 3), "ci/*", "bogus"),
            reason: fc.constantFrom("vendor", ""),
            owner: fc.constantFrom("@acme/web", ""),
            expires: fc.constantFrom("2027-01-31", "2027-13-01", "soon"),
          }),
        ),
        minScore: fc.oneof(fc.integer({ min: -10, max: 110 }), fc.constant("high")),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(entry, (config) => {
        let loaderAccepts = true;
        try {
          validateConfig(config, "c.json", ruleIds);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          loaderAccepts = false;
        }
        // The schema cannot check calendar dates (2027-02-30); the generator only makes month 13.
        expect(validate(config)).toBe(loaderAccepts);
      }),
      { numRuns: 500 },
    );
  });
});
