import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import formats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { audit } from "../audit.js";
import type { RuleMeta } from "../model.js";
import { rules } from "../rules/all.js";
import { sampleFiles, sampleReport } from "./__fixtures__/sample.js";
import { fixKey, renderSarif } from "./sarif.js";

// The OASIS schema, vendored beside this test (with its notice) so that a fresh clone has it.
const schemaPath = join(import.meta.dirname, "__fixtures__", "sarif", "sarif-schema-2.1.0.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;

// The OASIS schema is draft-07 (Ajv's default class) and uses `uri`, `uri-reference` and
// `date-time` formats, which ajv-formats checks. Its vocabulary predates Ajv's strict mode, and
// its `language` pattern (`[a-zA-Z]{2}]?`) is only valid without the `u` flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
formats.default(ajv);
const validate = ajv.compile(schema);
const errors = (value: unknown): ErrorObject[] => (validate(value) ? [] : (validate.errors ?? []));

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: {
          id: string;
          shortDescription: { text: string };
          help: { text: string; markdown?: string };
        }[];
      };
    };
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

const metas: RuleMeta[] = rules.map((rule) => rule.meta);
const sarifOf = (report = sampleReport(), ruleMetas = metas): SarifLog =>
  JSON.parse(renderSarif(report, ruleMetas)) as SarifLog;

const scratch = mkdtempSync(join(tmpdir(), "paved-sarif-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("the SARIF report", () => {
  it("checks against the schema it is validated with: draft-07", () => {
    expect(schema["$schema"]).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("validates against the shared SARIF 2.1.0 schema", () => {
    const log = sarifOf();
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]?.results.length).toBeGreaterThan(0);
    expect(errors(log)).toEqual([]);
  });

  it("validates for a real git checkout, whose %SRCROOT% is the audited directory", () => {
    const dir = join(scratch, "repo with space");
    for (const [path, content] of Object.entries(sampleFiles)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
    spawnSync("git", ["init", "-q", "-b", "main"], { cwd: dir, env });
    const log = sarifOf(audit(dir));
    expect(errors(log)).toEqual([]);
    const root = log.runs[0]?.originalUriBaseIds?.["%SRCROOT%"]?.uri ?? "";
    expect(root).toMatch(/^file:\/\/\/.*\/repo%20with%20space\/$/);
  });

  it("gives GitHub code scanning what it needs for every result", () => {
    const [run] = sarifOf().runs;
    const driverRules = run?.tool.driver.rules ?? [];
    for (const rule of driverRules) {
      expect(rule.shortDescription.text, rule.id).not.toBe("");
      expect(rule.help.text, rule.id).not.toBe("");
    }
    for (const result of run?.results ?? []) {
      expect(result.ruleId).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
      expect(result.message.text).not.toBe("");
      expect(driverRules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
      const location = result.locations[0]?.physicalLocation;
      const uri = location?.artifactLocation.uri ?? "";
      expect(uri).not.toMatch(/^([a-z][a-z0-9+.-]*:|\/)/i);
      expect(uri).not.toMatch(/[ #?\\]/);
      expect(location?.artifactLocation.uriBaseId).toBe("%SRCROOT%");
      expect(location?.region.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it("turns exactly the failing findings into results, at their severity's level", () => {
    const report = sampleReport();
    const failing = report.findings.filter((finding) => finding.outcome === "fail");
    const results = sarifOf(report).runs[0]?.results ?? [];
    expect(results.map((result) => [result.ruleId, result.level])).toEqual(
      failing.map((finding) => [finding.ruleId, finding.severity]),
    );
  });

  it("escapes paths into URIs and keeps the finding's line", () => {
    const results = sarifOf().runs[0]?.results ?? [];
    const pinned = results.find((result) => result.ruleId === "ci/actions-pinned");
    const location = pinned?.locations[0]?.physicalLocation;
    expect(location?.artifactLocation.uri).toBe(".github/workflows/ci%20%231.yml");
    expect(decodeURIComponent(location?.artifactLocation.uri ?? "")).toBe(
      ".github/workflows/ci #1.yml",
    );
    expect(location?.region.startLine).toBe(6);
  });

  it("points findings about a whole project at that project's package.json", () => {
    const results = sarifOf().runs[0]?.results ?? [];
    const linter = results.filter((result) => result.ruleId === "lint/linter-configured");
    expect(
      linter.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri),
    ).toEqual(["package.json", "packages/api/package.json", "packages/lib/package.json"]);
  });

  it("escapes brackets in repository text, so a message holds no embedded link", () => {
    const report = sampleReport();
    const [first] = report.findings.filter((finding) => finding.outcome === "fail");
    const hostile = { ...first!, message: "[Approve](javascript:alert(1)) is fine." };
    const [result] = sarifOf({ ...report, findings: [hostile] }).runs[0]?.results ?? [];
    expect(result?.message.text).toMatch(
      /^\\\[Approve\\\]\(javascript:alert\(1\)\) is fine\. Fix: /,
    );
  });

  it("fingerprints each result uniquely and the same way on every run", () => {
    const prints = (log: SarifLog) =>
      (log.runs[0]?.results ?? []).map((result) => result.partialFingerprints["pavedFinding"]);
    const first = prints(sarifOf());
    expect(new Set(first).size).toBe(first.length);
    expect(prints(sarifOf())).toEqual(first);
  });

  it("leaves out ruleIndex for a rule the driver does not describe, and still validates", () => {
    const log = sarifOf(sampleReport(), []);
    expect(log.runs[0]?.results.every((result) => result.ruleIndex === undefined)).toBe(true);
    expect(errors(log)).toEqual([]);
  });
});

describe("SARIF fixes", () => {
  it("carry each file's edit as one replacement of the span that changed, and validate", () => {
    const report = sampleReport();
    const failing = report.findings.find((finding) => finding.outcome === "fail");
    if (!failing) throw new Error("the sample has a failure");
    const before = '{\n  "name": "app"\n}\n';
    const after = '{\n  "name": "app",\n  "engines": { "node": ">=22" }\n}\n';
    const fixes = new Map([
      [
        fixKey(failing.ruleId, failing.project),
        {
          description: "Adds engines.",
          changes: [
            { path: "package.json", before, after },
            { path: "new file.md", before: undefined, after: "# hi\n" },
          ],
        },
      ],
    ]);
    const log = JSON.parse(renderSarif(report, metas, fixes)) as SarifLog;
    expect(errors(log)).toEqual([]);
    const results = log.runs[0]?.results ?? [];
    const fixed = results.find((result) => "fixes" in result) as unknown as {
      fixes: {
        description: { text: string };
        artifactChanges: {
          artifactLocation: { uri: string };
          replacements: {
            deletedRegion: { charOffset: number; charLength: number };
            insertedContent: { text: string };
          }[];
        }[];
      }[];
    };
    const [edit, created] = fixed.fixes[0]?.artifactChanges ?? [];
    const replacement = edit?.replacements[0];
    if (!replacement) throw new Error("no replacement");
    const { charOffset, charLength } = replacement.deletedRegion;
    expect(
      before.slice(0, charOffset) +
        replacement.insertedContent.text +
        before.slice(charOffset + charLength),
    ).toBe(after);
    expect(created?.artifactLocation.uri).toBe("new%20file.md");
    expect(created?.replacements[0]).toEqual({
      deletedRegion: { charOffset: 0, charLength: 0 },
      insertedContent: { text: "# hi\n" },
    });
    expect(results.filter((result) => "fixes" in result)).toHaveLength(
      report.findings.filter(
        (finding) =>
          finding.outcome === "fail" &&
          finding.ruleId === failing.ruleId &&
          finding.project === failing.project,
      ).length,
    );
  });
});
