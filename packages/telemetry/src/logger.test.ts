import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * A process whose logger opens standard output itself, as a service's does, with the testing
 * telemetry exporting its records: it logs in a span, flushes, then prints on stderr what
 * pino writes to (a proxy or not) and the records made.
 */
const script = `
import { types } from "node:util";
import { trace } from "@opentelemetry/api";
import { pino } from "pino";
import { createLogger } from "./dist/index.js";
import { createTestTelemetry } from "./dist/testing.js";

const telemetry = createTestTelemetry({ serviceName: "own-stdout" });
const logger = createLogger({
  messageKey: "message",
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: ["card"],
});
const before = Date.now();
let traceId = "";
trace.getTracer("test").startActiveSpan("work", (span) => {
  traceId = span.spanContext().traceId;
  logger.error({ order: 7, card: "4111" }, "declined");
  span.end();
});
logger.child({ request: "r1" }).info("outside");
logger.flush(async () => {
  const records = telemetry.logRecords().map((record) => ({
    body: record.body,
    severityText: record.severityText,
    attributes: record.attributes,
    traceId: record.spanContext?.traceId,
    millis: record.hrTime[0] * 1000 + record.hrTime[1] / 1e6,
  }));
  const proxied = types.isProxy(logger[pino.symbols.streamSym]);
  process.stderr.write(JSON.stringify({ proxied, traceId, before, records }));
  await telemetry.shutdown();
});
`;

describe("createLogger on its own standard output", () => {
  it("writes the JSON lines and exports them as records, with no proxy in between", () => {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: packageDir,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const { proxied, traceId, before, records } = JSON.parse(run.stderr) as {
      proxied: boolean;
      traceId: string;
      before: number;
      records: {
        body: string;
        severityText: string;
        attributes: Record<string, unknown>;
        traceId?: string;
        millis: number;
      }[];
    };
    // pino writes to the standard output's own stream: no proxy's traps on each line.
    expect(proxied).toBe(false);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { level: "error", message: "declined", order: 7, card: "[Redacted]", trace_id: traceId },
      { level: "info", message: "outside", request: "r1" },
    ]);
    expect(lines[0]?.["trace_flags"]).toBe("01");
    expect(lines[1]).not.toHaveProperty("trace_id");
    expect(
      records.map(({ body, severityText, attributes, traceId: id }) => ({
        body,
        severityText,
        attributes,
        id,
      })),
    ).toEqual([
      {
        body: "declined",
        severityText: "ERROR",
        attributes: { order: 7, card: "[Redacted]" },
        id: traceId,
      },
      { body: "outside", severityText: "INFO", attributes: { request: "r1" }, id: undefined },
    ]);
    for (const record of records) {
      expect(record.millis).toBeGreaterThanOrEqual(before - 1000);
      expect(record.millis).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });
});
