import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../check.js";
import type { Finding } from "../model.js";
import { Facts, indexMemory, workspace } from "@paved/facts";
import { rules } from "../rules/all.js";
import { score } from "../score.js";
import { applyConfig } from "./apply.js";
import { ConfigError } from "./config.js";
import { parseConfig, type ConfigSource } from "./load.js";

const ruleIds = rules.map((rule) => rule.meta.id);
const bareRepo = { "package.json": JSON.stringify({ name: "app" }) };

function findingsOf(files: Record<string, string>): Finding[] {
  const facts = new Facts(indexMemory(files));
  return check(facts, facts.get(workspace).projects, rules);
}

const source = (
  origin: ConfigSource["origin"],
  config: object,
  path = origin === "repository" ? "paved.config.json" : "/org/paved.config.json",
): ConfigSource => ({
  path,
  origin,
  config: parseConfig(JSON.stringify(config), path, ruleIds),
});

describe("parseConfig", () => {
  it("accepts a full config with comments and a BOM", () => {
    const text = `\uFEFF{
      // organisation defaults
      "rules": { "security/sast": "note", "review/*": "off" },
      "skip": [{ "station": "telemetry", "reason": "batch jobs, no service" }],
      "waivers": [{ "rule": "ci/actions-pinned", "path": ".github/workflows/legacy.yml", "reason": "vendor action", "owner": "@acme/platform", "expires": "2027-01-31" }],
      "enforce": ["security/*"],
      "minScore": 80,
      "dora": { "deployments": "merges", "trunk": "main", "failureWindowHours": 48 },
    }`;
    expect(parseConfig(text, "paved.config.json", ruleIds).minScore).toBe(80);
    expect(parseConfig(text, "paved.config.json", ruleIds).dora?.trunk).toBe("main");
  });

  it.each([
    ['{ "rules": { "lint/nope": "error" } }', /"rules" → "lint\/nope" is not a rule id/],
    ['{ "rules": { "lint/type-aware": "loud" } }', /must be one of error, warning, note, off/],
    ['{ "skip": [{ "station": "lint" }] }', /"skip"\[0\]\.reason must say why/],
    [
      '{ "waivers": [{ "rule": "ci/timeouts", "reason": "r", "owner": "o", "expires": "2027-02-30" }] }',
      /"waivers"\[0\]\.expires must be a date/,
    ],
    ['{ "color": "blue" }', /"color" is not a setting/],
    ['{ "rules": ', /paved\.config\.json: invalid JSON at line 1/],
    ["[]", /must hold a JSON object/],
    [
      '{ "dora": { "tagPattern": "(?<=v)1" } }',
      /paved\.config\.json: "dora" → "tagPattern" is not a regular expression RE2/,
    ],
    ['{ "dora": { "trunk": "-x" } }', /"dora" → "trunk" must be a branch name/],
    ['{ "dora": { "deploy": "tags" } }', /"dora" → "deploy" is not a setting/],
  ])("rejects %s with a message naming the file and key", (text, message) => {
    expect(() => parseConfig(text, "paved.config.json", ruleIds)).toThrow(ConfigError);
    expect(() => parseConfig(text, "paved.config.json", ruleIds)).toThrow(message);
  });

  it.each([
    [
      '{\n  "waivers": [{ "rule": "ci/timeouts", "reason": "r", "owner": "o", "expires": "2099-01-01",\n    "__proto__": { "path": "x" } }]\n}',
      '"__proto__" at line 3',
    ],
    ['{ "__proto__": { "minScore": 5 } }', '"__proto__" at line 1'],
    ['{\n  "new": { "constructor": { "owner": "x" } }\n}', '"constructor" at line 2'],
    ['{ "rules": { "prototype": "off" } }', '"prototype" at line 1'],
  ])("refuses the prototype key in %s, naming the file and line", (text, where) => {
    expect(() => parseConfig(text, "paved.config.json", ruleIds)).toThrow(
      `paved.config.json: ${where} is not a setting and could change how every setting is read; remove it.`,
    );
  });

  it("never fails with anything but a ConfigError on generated garbage", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (text) => {
          try {
            parseConfig(text, "paved.config.json", ruleIds);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
            expect((error as Error).message.startsWith("paved.config.json: ")).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("validates generated well-formed configs", () => {
    const config = fc.record(
      {
        rules: fc.dictionary(
          fc.constantFrom(...ruleIds),
          fc.constantFrom("error", "warning", "note", "off"),
        ),
        skip: fc.array(
          fc.record({
            station: fc.constantFrom("lint", "review", "telemetry"),
            reason: fc.string({ minLength: 1 }).filter((text) => text.trim() !== ""),
          }),
        ),
        minScore: fc.integer({ min: 0, max: 100 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(config, (value) => {
        expect(parseConfig(JSON.stringify(value), "c.json", ruleIds)).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });
});

describe("applyConfig", () => {
  it("overrides severities, switches rules off and skips stations, and reports each", () => {
    const { findings, summary } = applyConfig(
      findingsOf(bareRepo),
      [
        source("repository", {
          rules: { "security/lockfile": "note", "review/*": "off" },
          skip: [{ station: "telemetry", reason: "no service" }],
        }),
      ],
      ruleIds,
    );
    expect(findings.find((entry) => entry.ruleId === "security/lockfile")?.severity).toBe("note");
    expect(
      findings
        .filter((entry) => entry.station === "review")
        .every((entry) => entry.outcome === "not-applicable"),
    ).toBe(true);
    expect(summary.skipped).toEqual([
      { station: "telemetry", reason: "no service", source: "paved.config.json" },
    ]);
    expect(summary.severities).toHaveLength(2);
  });

  it("waives a failure until its expiry, then reports the expired waiver as a finding", () => {
    const waiver = {
      rule: "security/lockfile",
      reason: "migrating to pnpm",
      owner: "@acme/web",
      expires: "2026-12-31",
    };
    const live = applyConfig(
      findingsOf(bareRepo),
      [source("repository", { waivers: [waiver] })],
      ruleIds,
      "2026-11-26",
    );
    const lockfile = live.findings.find((entry) => entry.ruleId === "security/lockfile");
    expect(lockfile?.outcome).toBe("fail");
    expect(lockfile?.waiver?.owner).toBe("@acme/web");
    expect(live.summary.waived).toHaveLength(1);
    const station = score(live.findings).stations.find((entry) => entry.id === "security");
    expect(station?.waived).toBe(1);

    const expired = applyConfig(
      findingsOf(bareRepo),
      [source("repository", { waivers: [waiver] })],
      ruleIds,
      "2027-01-01",
    );
    expect(
      expired.findings.find((entry) => entry.ruleId === "security/lockfile")?.waiver,
    ).toBeUndefined();
    const reported = expired.findings.find((entry) => entry.ruleId === "config/waiver-expired");
    expect(reported).toMatchObject({
      outcome: "fail",
      severity: "error",
      station: "security",
      location: { path: "paved.config.json" },
    });
    expect(expired.summary.expiredWaivers).toEqual([
      {
        rule: "security/lockfile",
        owner: "@acme/web",
        expired: "2026-12-31",
        source: "paved.config.json",
      },
    ]);
  });

  it("lets an external config win and keeps the repository from switching off enforced rules", () => {
    const repository = source("repository", {
      rules: { "security/lockfile": "off", "review/pr-template": "off" },
      skip: [{ station: "security", reason: "we trust our deps" }],
      waivers: [{ rule: "security/policy", reason: "later", owner: "@dev", expires: "2099-01-01" }],
    });
    const organisation = source("external", {
      enforce: ["security/*"],
      rules: { "review/pr-template": "warning" },
    });
    const { findings, summary } = applyConfig(
      findingsOf(bareRepo),
      [repository, organisation],
      ruleIds,
      "2026-11-26",
    );
    expect(findings.find((entry) => entry.ruleId === "security/lockfile")?.outcome).toBe("fail");
    expect(findings.find((entry) => entry.ruleId === "security/policy")?.waiver).toBeUndefined();
    expect(findings.find((entry) => entry.ruleId === "review/pr-template")?.severity).toBe(
      "warning",
    );
    expect(summary.rejected.map((entry) => entry.setting)).toEqual([
      "rules.security/lockfile: off",
      "skip security",
      "waiver of security/policy",
    ]);
    expect(summary.skipped).toEqual([]);
  });
});
