import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deploymentsOf, dora, type History } from "@paved/delivery";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { reportSchemaVersion, type Report } from "../audit.js";
import { auditIndex } from "../audit.js";
import { indexMemory } from "@paved/facts";
import { sampleReport } from "./__fixtures__/sample.js";
import { renderJson } from "./json.js";

const packageRoot = join(import.meta.dirname, "..", "..");
const repoRoot = join(packageRoot, "..", "..");
const schemaPath = join(packageRoot, "schema", "report.schema.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;

const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  // `if`/`then` requires `reason` without redeclaring it; that is plain JSON Schema.
  strictRequired: false,
  allowUnionTypes: true,
});
const validate = ajv.compile(schema);
const errors = (value: unknown): ErrorObject[] => (validate(value) ? [] : (validate.errors ?? []));

describe("the JSON report", () => {
  it("validates against report.schema.json, with every kind of finding in it", () => {
    const report = JSON.parse(renderJson(sampleReport())) as Report;
    expect(new Set(report.findings.map((finding) => finding.outcome))).toEqual(
      new Set(["pass", "fail", "not-applicable", "not-evaluated"]),
    );
    expect(report.findings.some((finding) => finding.location?.line !== undefined)).toBe(true);
    expect(report.blindSpots.length).toBeGreaterThan(0);
    expect(errors(report)).toEqual([]);
  });

  it("validates for an empty repository, where nothing is evaluated", () => {
    const report = JSON.parse(renderJson(auditIndex(indexMemory({}), "/empty"))) as Report;
    expect(errors(report)).toEqual([]);
  });

  it("validates with the four keys in it, and rejects a rate out of 0–1 or an unknown kind", () => {
    const commit = (sha: string, parents: string[], time: number) => ({
      sha,
      parents,
      authored: time,
      committed: time,
    });
    const history: History = {
      commits: new Map([
        ["a".repeat(40), commit("a".repeat(40), [], 0)],
        ["b".repeat(40), commit("b".repeat(40), ["a".repeat(40)], 86_400)],
      ]),
      tags: [
        { name: "v1.0.0", sha: "a".repeat(40), time: 3600 },
        { name: "v1.0.1", sha: "b".repeat(40), time: 90_000 },
      ],
      trunk: [],
    };
    const keys = dora(history, deploymentsOf(history, { kind: "tags" }), {
      now: 10 * 86_400,
      failureWindow: 7 * 86_400,
      source: "tags",
    });
    const { trend, packages, schemaVersion, ...delivery } = keys;
    expect([trend.length, packages, schemaVersion]).toEqual([1, [], 1]);
    const report = { ...sampleReport(), delivery };
    expect(errors(JSON.parse(renderJson(report)))).toEqual([]);
    const rate = { ...delivery.changeFailureRate, value: 1.5 };
    expect(errors({ ...report, delivery: { ...delivery, changeFailureRate: rate } })).not.toEqual(
      [],
    );
    const kind = { ...delivery.leadTime, kind: "guessed" };
    expect(errors({ ...report, delivery: { ...delivery, leadTime: kind } })).not.toEqual([]);
  });

  it("is the report object, and carries the schema version the schema pins", () => {
    const report = sampleReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
    expect(report.schemaVersion).toBe(reportSchemaVersion);
    expect((schema["properties"] as Record<string, { const?: unknown }>)["schemaVersion"]).toEqual(
      expect.objectContaining({ const: reportSchemaVersion }),
    );
  });

  it("is rejected by the schema when a field is out of range, missing or unknown", () => {
    const report = JSON.parse(renderJson(sampleReport())) as Report;
    expect(errors({ ...report, score: 101 })).not.toEqual([]);
    expect(errors({ ...report, extra: true })).not.toEqual([]);
    const unevaluated = report.findings.findIndex((f) => f.outcome === "not-evaluated");
    const findings = report.findings.map((finding, index) =>
      index === unevaluated ? { ...finding, reason: undefined } : finding,
    );
    expect(errors(JSON.parse(JSON.stringify({ ...report, findings })))).not.toEqual([]);
  });
});

/** Every subschema that describes a field, keyed by its JSON pointer. */
function fields(node: unknown, pointer: string, out: Map<string, Record<string, unknown>>): void {
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  for (const key of ["properties", "$defs"]) {
    const children = record[key] as Record<string, unknown> | undefined;
    for (const [name, child] of Object.entries(children ?? {})) {
      out.set(`${pointer}/${key}/${name}`, child as Record<string, unknown>);
      fields(child, `${pointer}/${key}/${name}`, out);
    }
  }
  if (record["items"]) {
    out.set(`${pointer}/items`, record["items"] as Record<string, unknown>);
    fields(record["items"], `${pointer}/items`, out);
  }
}

describe("report.schema.json", () => {
  const all = new Map<string, Record<string, unknown>>();
  fields(schema, "#", all);

  it("is draft 2020-12 and describes every field", () => {
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    const undocumented = [...all].filter(
      ([, node]) =>
        typeof node["description"] !== "string" &&
        // A bare reference takes the description of what it points at.
        !(typeof node["$ref"] === "string" && Object.keys(node).length === 1),
    );
    expect(undocumented.map(([pointer]) => pointer)).toEqual([]);
  });

  it("ships in the package as @paved/conformance/report.schema.json", () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
      files: string[];
      exports: Record<string, unknown>;
    };
    expect(manifest.exports["./report.schema.json"]).toBe("./schema/report.schema.json");
    expect(manifest.files).toContain("schema");
  });

  it("has every field documented in docs/audit-report.md", () => {
    const docs = readFileSync(join(repoRoot, "docs", "audit-report.md"), "utf8");
    const names = new Set(
      [...all.keys()]
        .map((pointer) => /\/properties\/([^/]+)$/.exec(pointer)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    const missing = [...names].filter((name) => !docs.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
