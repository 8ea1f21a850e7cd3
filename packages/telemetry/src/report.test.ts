import { ExportResultCode } from "@opentelemetry/core";
import { describe, expect, it } from "vitest";
import { reported, Reporter } from "./report.js";

describe("Reporter", () => {
  it("reports a failing signal once, and its recovery once", () => {
    const lines: string[] = [];
    const reporter = new Reporter((line) => lines.push(line));
    const failure = { code: ExportResultCode.FAILED, error: new Error("connect ECONNREFUSED") };
    for (let i = 0; i < 50; i++) reporter.result("traces to http://x/v1/traces", failure);
    reporter.result("logs to http://x/v1/logs", failure);
    expect(reporter.failing).toBe(true);
    reporter.result("traces to http://x/v1/traces", { code: ExportResultCode.SUCCESS });
    reporter.result("traces to http://x/v1/traces", failure);
    expect(lines).toEqual([
      "paved/telemetry: cannot export traces to http://x/v1/traces (connect ECONNREFUSED). The service goes on; this telemetry is dropped until the collector answers. Further failures are not logged.",
      "paved/telemetry: cannot export logs to http://x/v1/logs (connect ECONNREFUSED). The service goes on; this telemetry is dropped until the collector answers. Further failures are not logged.",
      "paved/telemetry: exporting traces to http://x/v1/traces works again.",
      "paved/telemetry: cannot export traces to http://x/v1/traces (connect ECONNREFUSED). The service goes on; this telemetry is dropped until the collector answers. Further failures are not logged.",
    ]);
  });

  it("prints no credentials, query secrets or control characters, whoever wrote the message", () => {
    const lines: string[] = [];
    const reporter = new Reporter((line) => lines.push(line));
    const label = "traces to http://deploy:s3cret@collector:4318/v1/traces?api_key=s3cret";
    // A collector's reason phrase, as Node hands it over: escape sequences and all.
    const error = new Error("\u001b[2J\u001b]0;owned\u0007Bad \u009b31mRequest");
    reporter.result(label, { code: ExportResultCode.FAILED, error });
    reporter.once("diag: POST http://deploy:s3cret@collector:4318/v1/logs failed");
    reporter.warn("\u202eevil");
    expect(lines).toEqual([
      "paved/telemetry: cannot export traces to http://***@collector:4318/v1/traces?api_key=*** (\\u001b[2J\\u001b]0;owned\\u0007Bad \\u009b31mRequest). The service goes on; this telemetry is dropped until the collector answers. Further failures are not logged.",
      "paved/telemetry: diag: POST http://***@collector:4318/v1/logs failed",
      "paved/telemetry: \\u202eevil",
    ]);
  });

  it("says a message once, whatever numbers it carries, and remembers a bounded number", () => {
    const lines: string[] = [];
    const reporter = new Reporter((line) => lines.push(line));
    reporter.once("Dropped 12 spans because maxQueueSize reached");
    reporter.once("Dropped 7 spans because maxQueueSize reached");
    expect(lines).toEqual(["paved/telemetry: Dropped 12 spans because maxQueueSize reached"]);
    for (let i = 0; i < 500; i++) reporter.once(`distinct ${"x".repeat(i)}`);
    expect(lines.length).toBeLessThanOrEqual(100);
  });

  it("wraps an exporter without changing what it does", async () => {
    const lines: string[] = [];
    const reporter = new Reporter((line) => lines.push(line));
    const calls: string[] = [];
    const exporter = {
      export(items: string[], done: (result: { code: ExportResultCode }) => void) {
        calls.push(...items);
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: () => Promise.resolve(),
      selectAggregationTemporality: () => 1,
    };
    const wrapped = reported(exporter, "metrics", reporter);
    const results: number[] = [];
    wrapped.export(["a", "b"], (result) => results.push(result.code));
    expect(calls).toEqual(["a", "b"]);
    expect(results).toEqual([ExportResultCode.SUCCESS]);
    expect(wrapped.selectAggregationTemporality()).toBe(1);
    await wrapped.shutdown();
    expect(lines).toEqual([]);
  });
});
