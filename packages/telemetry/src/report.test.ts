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
