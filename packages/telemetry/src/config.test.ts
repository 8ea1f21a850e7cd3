import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxDurationMillis, resolveConfig, type TelemetryConfig } from "./config.js";

describe("resolveConfig", () => {
  it("has the specification's defaults, and no warnings, for an empty environment", () => {
    const { config, warnings } = resolveConfig({});
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      disabled: false,
      traces: {
        kinds: ["otlp"],
        protocol: "http/protobuf",
        url: "http://localhost:4318/v1/traces",
        timeoutMillis: 10_000,
      },
      metrics: { url: "http://localhost:4318/v1/metrics" },
      logs: { url: "http://localhost:4318/v1/logs" },
      sampler: { name: "parentbased_always_on", ratio: 1 },
      spans: {
        scheduledDelayMillis: 5000,
        exportTimeoutMillis: 30_000,
        maxQueueSize: 2048,
        maxExportBatchSize: 512,
      },
      logRecords: { scheduledDelayMillis: 1000, maxQueueSize: 2048 },
      metricInterval: { exportIntervalMillis: 60_000, exportTimeoutMillis: 30_000 },
      propagators: ["tracecontext", "baggage"],
      ignorePaths: ["/healthz", "/readyz", "/livez"],
      shutdownTimeoutMillis: 5000,
    });
  });

  it("appends each signal's path to the shared endpoint, and takes a signal's own as it is", () => {
    const { config } = resolveConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector.example:4318/otlp/",
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: "http://logs.example/ingest",
    });
    expect(config.traces.url).toBe("https://collector.example:4318/otlp/v1/traces");
    expect(config.metrics.url).toBe("https://collector.example:4318/otlp/v1/metrics");
    expect(config.logs.url).toBe("http://logs.example/ingest");
  });

  it("puts the signal's path before the shared endpoint's query", () => {
    const { config } = resolveConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector.example/otlp?tenant=acme",
    });
    expect(config.traces.url).toBe("https://collector.example/otlp/v1/traces?tenant=acme");
  });

  it("honours exporters, protocols, samplers, batch limits and OTEL_SDK_DISABLED", () => {
    const { config, warnings } = resolveConfig({
      OTEL_SDK_DISABLED: "TRUE",
      OTEL_TRACES_EXPORTER: "otlp,console",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.25",
      OTEL_BSP_MAX_QUEUE_SIZE: "100",
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "10",
      OTEL_PROPAGATORS: "tracecontext",
      PAVED_TELEMETRY_IGNORE_PATHS: "/health, /ping",
    });
    expect(warnings).toEqual([]);
    expect(config.disabled).toBe(true);
    expect(config.traces.kinds).toEqual(["otlp", "console"]);
    expect(config.traces.protocol).toBe("http/protobuf");
    expect(config.logs.protocol).toBe("http/json");
    expect(config.metrics.kinds).toEqual([]);
    expect(config.sampler).toEqual({ name: "parentbased_traceidratio", ratio: 0.25 });
    expect(config.spans).toMatchObject({ maxQueueSize: 100, maxExportBatchSize: 10 });
    expect(config.propagators).toEqual(["tracecontext"]);
    expect(config.ignorePaths).toEqual(["/health", "/ping"]);
    expect(config.httpServerSpans).toBe(false);
    expect(
      resolveConfig({ PAVED_TELEMETRY_HTTP_SERVER_SPANS: "TRUE" }).config.httpServerSpans,
    ).toBe(true);
  });

  it.each([
    ["OTEL_SDK_DISABLED", "yes", "is neither true nor false; using false"],
    ["PAVED_TELEMETRY_HTTP_SERVER_SPANS", "on", "is neither true nor false; using false"],
    ["OTEL_TRACES_SAMPLER", "jaeger_remote", "is not a sampler this preset knows"],
    [
      "OTEL_EXPORTER_OTLP_PROTOCOL",
      "grpc",
      "asks for gRPC, which this preset does not ship; using http/protobuf",
    ],
    [
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "localhost:4318",
      "is not an http(s) URL; using the default endpoint",
    ],
    [
      "OTEL_EXPORTER_OTLP_TIMEOUT",
      "-5",
      "is not a duration from 1 to 2147483647 ms; using 10000 ms",
    ],
    ["OTEL_BSP_SCHEDULE_DELAY", "5s", "is not a duration from 1 to 2147483647 ms; using 5000 ms"],
    ["OTEL_METRICS_EXPORTER", "prometheus", "names an exporter this preset does not ship"],
    ["OTEL_PROPAGATORS", "b3", "names a propagator this preset does not ship"],
    ["OTEL_LOG_LEVEL", "loud", "is not a level"],
    ["PAVED_TELEMETRY_IGNORE_PATHS", "healthz", "holds entries that are not paths"],
  ])("warns about %s=%s, names it, and falls back", (name, value, message) => {
    const { warnings } = resolveConfig({ [name]: value });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${name}=${JSON.stringify(value)} ${message}`);
  });

  // Node fires a timer beyond 2^31 - 1 ms after 1 ms: an interval of 99999999999 exported
  // metrics hundreds of times a second.
  const durations: [string, (config: TelemetryConfig) => number, number][] = [
    ["OTEL_EXPORTER_OTLP_TIMEOUT", (config) => config.traces.timeoutMillis, 10_000],
    ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", (config) => config.traces.timeoutMillis, 10_000],
    ["OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", (config) => config.metrics.timeoutMillis, 10_000],
    ["OTEL_EXPORTER_OTLP_LOGS_TIMEOUT", (config) => config.logs.timeoutMillis, 10_000],
    ["OTEL_BSP_SCHEDULE_DELAY", (config) => config.spans.scheduledDelayMillis, 5000],
    ["OTEL_BSP_EXPORT_TIMEOUT", (config) => config.spans.exportTimeoutMillis, 30_000],
    ["OTEL_BLRP_SCHEDULE_DELAY", (config) => config.logRecords.scheduledDelayMillis, 1000],
    ["OTEL_BLRP_EXPORT_TIMEOUT", (config) => config.logRecords.exportTimeoutMillis, 30_000],
    ["OTEL_METRIC_EXPORT_INTERVAL", (config) => config.metricInterval.exportIntervalMillis, 60_000],
    ["OTEL_METRIC_EXPORT_TIMEOUT", (config) => config.metricInterval.exportTimeoutMillis, 30_000],
    ["PAVED_TELEMETRY_SHUTDOWN_TIMEOUT", (config) => config.shutdownTimeoutMillis, 5000],
  ];
  describe.each(durations)("the duration %s", (name, read, fallback) => {
    it.each(["99999999999", "2147483648", "0", "1e3", "9007199254740993"])(
      "refuses %s, naming the variable and the default",
      (value) => {
        const { config, warnings } = resolveConfig({ [name]: value });
        expect(read(config)).toBe(fallback);
        expect(warnings).toEqual([
          `${name}=${JSON.stringify(value)} is not a duration from 1 to 2147483647 ms; using ${String(fallback)} ms.`,
        ]);
      },
    );

    it.each([1, 2 ** 31 - 1])("takes %d ms", (value) => {
      const { config, warnings } = resolveConfig({ [name]: String(value) });
      expect(warnings).toEqual([]);
      expect(read(config)).toBe(value);
    });
  });

  it("never shows an endpoint's credentials or query secrets in a warning", () => {
    const { warnings } = resolveConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "ftp://deploy:s3cret@collector.example/otlp",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://us er:s3cret@collector example/?key=s3cret",
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: "http://collector.example:bad/?api_key=s3cret",
    });
    expect(warnings).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT="ftp://***@collector.example/otlp" is not an http(s) URL; using the default endpoint.',
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://***@collector example/?key=***" is not an http(s) URL; using the default endpoint.',
      'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT="http://collector.example:bad/?api_key=***" is not an http(s) URL; using the default endpoint.',
    ]);
  });

  it("refuses a sampler ratio outside 0..1 and a batch larger than its queue", () => {
    const { config, warnings } = resolveConfig({
      OTEL_TRACES_SAMPLER: "traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "2",
      OTEL_BLRP_MAX_QUEUE_SIZE: "10",
      OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: "50",
    });
    expect(config.sampler.ratio).toBe(1);
    expect(config.logRecords.maxExportBatchSize).toBe(10);
    expect(warnings).toHaveLength(2);
  });

  it("never throws and keeps warnings printable, whatever the environment holds", () => {
    const names = [
      "OTEL_SDK_DISABLED",
      "OTEL_TRACES_EXPORTER",
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "OTEL_EXPORTER_OTLP_PROTOCOL",
      "OTEL_TRACES_SAMPLER",
      "OTEL_TRACES_SAMPLER_ARG",
      "OTEL_BSP_MAX_QUEUE_SIZE",
      ...durations.map(([name]) => name),
      "OTEL_PROPAGATORS",
      "OTEL_LOG_LEVEL",
      "PAVED_TELEMETRY_IGNORE_PATHS",
    ];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), fc.string({ unit: "binary" })),
        (env) => {
          const { config, warnings } = resolveConfig(env);
          expect(config.spans.maxExportBatchSize).toBeLessThanOrEqual(config.spans.maxQueueSize);
          for (const [, read] of durations) {
            expect(read(config)).toBeGreaterThanOrEqual(1);
            expect(read(config)).toBeLessThanOrEqual(maxDurationMillis);
          }
          for (const warning of warnings) expect(warning).toMatch(/^[\x20-\x7e]+$/);
        },
      ),
    );
  });
});
