import { request } from "node:http";
import { gzipSync } from "node:zlib";
import { SeverityNumber } from "@opentelemetry/api";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Decoded, type Receiver } from "./receiver.js";

const resource = resourceFromAttributes({ "service.name": "receiver-test" });

let receiver: Receiver;
const exports: Decoded[] = [];
beforeAll(async () => {
  receiver = await startReceiver({
    maxBodyBytes: 64 * 1024,
    onExport: (each) => exports.push(each),
  });
});
afterAll(() => receiver.close());

/** POSTs a body and resolves with the status and the answer's text. */
function post(
  path: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${receiver.url}${path}`, { method: "POST", headers }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, text });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

describe("the OTLP/HTTP receiver", () => {
  it("decodes what the SDK's exporters post: gzipped protobuf spans, JSON metrics and logs", async () => {
    // The exporter reads its compression from the environment when it is made.
    process.env["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] = "gzip";
    const traceExporter = new ProtoTraceExporter({ url: `${receiver.url}/v1/traces` });
    delete process.env["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"];
    const tracerProvider = new TracerProvider({
      resource,
      spanProcessors: [new SimpleSpanProcessor({ exporter: traceExporter })],
    });
    const span = tracerProvider.getTracer("t").startSpan("GET /users/:id", {
      attributes: { "http.route": "/users/:id", nested: ["a", "b"], count: 3 },
    });
    span.end();
    await tracerProvider.forceFlush();

    const meterProvider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new JsonMetricExporter({ url: `${receiver.url}/v1/metrics` }),
          exportIntervalMillis: 60_000,
        }),
      ],
    });
    const histogram = meterProvider.getMeter("m").createHistogram("http.server.request.duration");
    histogram.record(0.25, { "http.route": "/users/:id" });
    histogram.record(0.75, { "http.route": "/users/:id" });
    meterProvider.getMeter("m").createCounter("orders").add(2);
    await meterProvider.forceFlush();

    const loggerProvider = new LoggerProvider({
      resource,
      processors: [
        new SimpleLogRecordProcessor({
          exporter: new JsonLogExporter({ url: `${receiver.url}/v1/logs` }),
        }),
      ],
    });
    loggerProvider.getLogger("l").emit({
      severityText: "INFO",
      severityNumber: SeverityNumber.INFO,
      body: "hello",
      attributes: { user: 7 },
    });
    await loggerProvider.forceFlush();
    await Promise.all([
      tracerProvider.shutdown(),
      meterProvider.shutdown(),
      loggerProvider.shutdown(),
    ]);

    expect(receiver.spans).toHaveLength(1);
    expect(receiver.spans[0]).toMatchObject({
      name: "GET /users/:id",
      scope: "t",
      resource: { "service.name": "receiver-test" },
      attributes: { "http.route": "/users/:id", nested: ["a", "b"], count: 3 },
    });
    expect(receiver.spans[0]?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(receiver.spans[0]?.durationMillis).toBeGreaterThanOrEqual(0);
    const duration = receiver.metrics.find((m) => m.name === "http.server.request.duration");
    expect(duration?.points).toEqual([
      { attributes: { "http.route": "/users/:id" }, count: 2, sum: 1 },
    ]);
    expect(receiver.metrics.find((m) => m.name === "orders")?.points[0]?.value).toBe(2);
    expect(receiver.logs).toEqual([
      expect.objectContaining({ body: "hello", severityText: "INFO", attributes: { user: 7 } }),
    ]);
    expect(new Set(exports.map((each) => each.signal))).toEqual(
      new Set(["traces", "metrics", "logs"]),
    );
  });

  it("refuses bodies beyond its limit, before and after gunzip, and what is not OTLP, with the reason", async () => {
    const json = { "content-type": "application/json" };
    const big = Buffer.alloc(100 * 1024, 0x20);
    expect((await post("/v1/traces", big, json)).status).toBe(413);
    const bomb = await post("/v1/traces", gzipSync(big), { ...json, "content-encoding": "gzip" });
    expect([bomb.status, bomb.text]).toEqual([413, "the body inflates to more than 65536 bytes"]);
    expect((await post("/v1/traces", "{", json)).status).toBe(400);
    expect((await post("/v1/other", "{}", json)).status).toBe(404);
    expect((await post("/v1/logs", "{}", { "content-type": "text/plain" })).status).toBe(415);
    expect((await post("/v1/logs", "{}", { ...json, "content-encoding": "br" })).status).toBe(415);
    const protobuf = { "content-type": "application/x-protobuf" };
    // Field 1, length-delimited, claiming 100 bytes where there are 2.
    const truncated = await post("/v1/traces", Buffer.from([0x0a, 100, 1, 2]), protobuf);
    expect(truncated.status).toBe(400);
    expect(truncated.text).toContain("a field runs past the end of its message");
    // A log body of arrays in arrays, 200 deep: refused, not a stack overflow.
    let value: unknown = { stringValue: "x" };
    for (let depth = 0; depth < 200; depth++) value = { arrayValue: { values: [value] } };
    const deep = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: value }] }] }] };
    const nested = await post("/v1/logs", JSON.stringify(deep), json);
    expect(nested.status).toBe(400);
    expect(nested.text).toContain("values nested deeper than 32");
    // Still serving.
    expect((await post("/v1/logs", "{}", json)).status).toBe(200);
  });
});
