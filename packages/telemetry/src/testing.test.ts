import { EventEmitter } from "node:events";
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import Fastify from "fastify";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { createTestTelemetry } from "./testing.js";

const telemetry = createTestTelemetry({ serviceName: "orders" });
afterAll(async () => {
  await telemetry.shutdown();
});

/** A destination that keeps pino's JSON lines. */
function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("@paved/telemetry/testing", () => {
  it("records a Fastify app's spans in memory, through inject(), health routes left out", async () => {
    telemetry.reset();
    const app = Fastify();
    app.get("/healthz", () => ({ ok: true }));
    app.get("/orders/:id", (request) => ({ id: (request.params as { id: string }).id }));
    await app.ready();
    expect((await app.inject("/orders/7")).statusCode).toBe(200);
    expect((await app.inject("/healthz")).statusCode).toBe(200);
    const routes = telemetry.spans().map((span) => span.attributes["http.route"]);
    expect(routes).toContain("/orders/:id");
    expect(routes).not.toContain("/healthz");
    expect(telemetry.spans()[0]?.resource.attributes["service.name"]).toBe("orders");
    await app.close();
  });

  it("gives each request a server span named by its route, in the caller's trace, that the handler runs in", async () => {
    telemetry.reset();
    const app = Fastify();
    let handlerSpan: string | undefined;
    app.get("/orders/:id", () => {
      handlerSpan = trace.getActiveSpan()?.spanContext().spanId;
      throw new Error("no such order");
    });
    await app.ready();
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const caller = "b7ad6b7169203331";
    const failing = await app.inject({
      url: "/orders/7?expand=lines",
      headers: { traceparent: `00-${traceId}-${caller}-01` },
    });
    expect(failing.statusCode).toBe(500);
    expect((await app.inject("/nowhere")).statusCode).toBe(404);
    const [failed, missing] = telemetry.spans();
    expect(failed?.name).toBe("GET /orders/:id");
    expect(failed?.kind).toBe(SpanKind.SERVER);
    expect(failed?.spanContext().traceId).toBe(traceId);
    expect(failed?.parentSpanContext?.spanId).toBe(caller);
    expect(handlerSpan).toBe(failed?.spanContext().spanId);
    expect(failed?.attributes).toMatchObject({
      "http.request.method": "GET",
      "http.route": "/orders/:id",
      "url.path": "/orders/7",
      "http.response.status_code": 500,
    });
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR, message: "no such order" });
    expect(failed?.events.map((event) => event.name)).toEqual(["exception"]);
    // An unknown path has no route to name it by.
    expect(missing?.name).toBe("GET");
    expect(missing?.attributes["http.response.status_code"]).toBe(404);
    expect(missing?.status.code).toBe(SpanStatusCode.UNSET);
    await app.close();
  });

  it("correlates createLogger's records with the active span, in JSON and as log records", () => {
    telemetry.reset();
    const { stream, lines } = capture();
    const logger = createLogger({ destination: stream });
    const tracer = trace.getTracer("test");
    let traceId = "";
    let spanId = "";
    tracer.startActiveSpan("work", (span) => {
      traceId = span.spanContext().traceId;
      spanId = span.spanContext().spanId;
      logger.warn({ order: 7 }, "slow order");
      span.end();
    });
    logger.info("outside any span");
    expect(lines()).toMatchObject([
      { msg: "slow order", order: 7, trace_id: traceId, span_id: spanId, trace_flags: "01" },
      { msg: "outside any span" },
    ]);
    expect(lines()[1]).not.toHaveProperty("trace_id");
    const records = telemetry.logRecords();
    expect(records.map((record) => record.body)).toEqual(["slow order", "outside any span"]);
    expect(records[0]?.spanContext?.traceId).toBe(traceId);
    expect(records[0]?.severityText).toBe("WARN");
    expect(records[0]?.attributes["order"]).toBe(7);
    // The ids are the record's context; pid and hostname are the resource's.
    expect(Object.keys(records[0]?.attributes ?? {}).sort()).toEqual(["order"]);
    expect(records[1]?.spanContext).toBeUndefined();
  });

  it("keeps the application's mixin beside the ids, in the line and the record", () => {
    telemetry.reset();
    const { stream, lines } = capture();
    const logger = createLogger({ destination: stream, mixin: () => ({ tenant: "acme" }) });
    let traceId = "";
    trace.getTracer("test").startActiveSpan("work", (span) => {
      traceId = span.spanContext().traceId;
      logger.info("with a mixin");
      span.end();
    });
    expect(lines()[0]).toMatchObject({ tenant: "acme", trace_id: traceId, trace_flags: "01" });
    expect(telemetry.logRecords()[0]?.attributes).toEqual({ tenant: "acme" });
  });

  it("exports what the JSON line says: serializers, child bindings, redaction and every level", () => {
    telemetry.reset();
    const { stream, lines } = capture();
    const logger = createLogger({
      destination: stream,
      level: "trace",
      redact: ["card"],
      serializers: { err: (error: Error) => ({ type: error.name, message: error.message }) },
    }).child({ request: "r1" });
    logger.error({ err: new TypeError("bad total"), card: "4111" }, "payment failed");
    for (const level of ["fatal", "warn", "info", "debug", "trace"] as const) logger[level](level);
    expect(lines()[0]).toMatchObject({ request: "r1", card: "[Redacted]" });
    const [failed, ...rest] = telemetry.logRecords();
    expect(failed?.attributes).toEqual({
      request: "r1",
      card: "[Redacted]",
      err: { type: "TypeError", message: "bad total" },
    });
    expect(failed?.severityText).toBe("ERROR");
    expect(failed?.hrTime[0]).toBeGreaterThan(0);
    expect(rest.map((record) => [record.body, record.severityText, record.severityNumber])).toEqual(
      [
        ["fatal", "FATAL", 21],
        ["warn", "WARN", 13],
        ["info", "INFO", 9],
        ["debug", "DEBUG", 5],
        ["trace", "TRACE", 1],
      ],
    );
  });

  it("passes flush through to the destination, as pino's own destination does", () => {
    const flushed: string[] = [];
    const destination = {
      write: () => true,
      flush: (done?: () => void) => {
        flushed.push("flush");
        done?.();
      },
      flushSync: () => flushed.push("flushSync"),
    };
    const logger = createLogger({ destination });
    logger.flush();
    expect(flushed).toEqual(["flush"]);
  });

  it("keeps a multistream destination working: each stream gets the lines at its level", () => {
    telemetry.reset();
    const all = capture();
    const errors = capture();
    const logger = createLogger({
      destination: pino.multistream([
        { level: "info", stream: all.stream },
        { level: "error", stream: errors.stream },
      ]),
    });
    logger.info("hello");
    logger.error("boom");
    expect(all.lines().map((line) => line["msg"])).toEqual(["hello", "boom"]);
    expect(errors.lines().map((line) => line["msg"])).toEqual(["boom"]);
    expect(telemetry.logRecords().map((record) => record.severityText)).toEqual(["INFO", "ERROR"]);
  });

  it("passes pino's config message on, for transports", () => {
    const messages: unknown[] = [];
    const destination = Object.assign(new EventEmitter(), { write: () => true });
    destination.on("message", (message) => messages.push(message));
    createLogger({ destination, messageKey: "message" });
    expect(messages).toMatchObject([{ code: "PINO_CONFIG", config: { messageKey: "message" } }]);
  });

  it("reads level, message and time whatever the formatters, messageKey and timestamp", () => {
    telemetry.reset();
    const { stream, lines } = capture();
    const logger = createLogger({
      destination: stream,
      messageKey: "message",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    });
    const before = Date.now();
    logger.error({ order: 7 }, "declined");
    expect(lines()[0]).toMatchObject({ level: "error", message: "declined", order: 7 });
    const [record] = telemetry.logRecords();
    expect(record?.severityText).toBe("ERROR");
    expect(record?.body).toBe("declined");
    expect(record?.attributes).toEqual({ order: 7 });
    const millis = (record?.hrTime[0] ?? 0) * 1000 + (record?.hrTime[1] ?? 0) / 1e6;
    expect(millis).toBeGreaterThanOrEqual(before - 1000);
    expect(millis).toBeLessThanOrEqual(Date.now() + 1000);

    telemetry.reset();
    createLogger({ destination: stream, timestamp: pino.stdTimeFunctions.unixTime }).warn("s");
    expect(telemetry.logRecords()[0]?.hrTime[0]).toBeGreaterThanOrEqual(Math.floor(before / 1000));

    // A timestamp function that writes more than the time: the record still goes out.
    telemetry.reset();
    createLogger({ destination: stream, timestamp: () => ',"time":"x","at":1' }).info("odd");
    expect(telemetry.logRecords().map((record) => record.body)).toEqual(["odd"]);
  });

  it("collects metrics on demand", async () => {
    const { metrics } = await import("@opentelemetry/api");
    metrics.getMeter("test").createCounter("orders.placed").add(2, { channel: "web" });
    const collected = await telemetry.collectMetrics();
    const metric = collected.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((each) => each.descriptor.name === "orders.placed");
    expect(metric?.dataPoints[0]?.value).toBe(2);
  });
});

describe("the module hook", () => {
  it("is the import-in-the-middle the instrumentations register with", () => {
    // One copy: a hook from another copy would never see the instrumentations' Hook() calls.
    const require = createRequire(import.meta.url);
    const ours = realpathSync(require.resolve("import-in-the-middle"));
    const fromInstrumentation = createRequire(
      require.resolve("@opentelemetry/instrumentation-http"),
    );
    const theirs = realpathSync(
      createRequire(fromInstrumentation.resolve("@opentelemetry/instrumentation")).resolve(
        "import-in-the-middle",
      ),
    );
    expect(ours).toBe(theirs);
  });
});
