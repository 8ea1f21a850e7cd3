import { dirname } from "node:path";
import { context, diag, DiagLogLevel, logs, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  CompositePropagator,
  setGlobalErrorHandler,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from "@opentelemetry/core";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { registerInstrumentations, type Instrumentation } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import type { Resource } from "@opentelemetry/resources";
import {
  BatchLogRecordProcessor,
  ConsoleLogRecordExporter,
  LoggerProvider,
  type LogRecordExporter,
  type LogRecordProcessor,
} from "@opentelemetry/sdk-logs";
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from "@opentelemetry/sdk-metrics";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";
import { collectorRequests, refusal } from "./collector.js";
import {
  maxDurationMillis,
  resolveConfig,
  signals,
  type Environment,
  type ExporterConfig,
  type Signal,
  type TelemetryConfig,
} from "./config.js";
import { drainLogBridge, enableLogBridge } from "./bridge.js";
import { instrumentFastify } from "./fastify.js";
import { reported, Reporter, type ExporterLike, type Write } from "./report.js";
import { findManifest, serviceResource } from "./resource.js";

export interface TelemetryOptions {
  /** The environment to read `OTEL_*` from (default: `process.env`). */
  env?: Environment;
  /** Where the preset's own warnings go (default: standard error). */
  write?: Write;
  /** Where to look for the service's package.json (default: beside the entry script). */
  manifestDir?: string;
  /** Instrument HTTP, undici and Fastify (default true). */
  instrument?: boolean;
}

export interface Telemetry {
  /** False when OTEL_SDK_DISABLED=true: nothing was started, every call is a no-op. */
  readonly enabled: boolean;
  readonly config: TelemetryConfig;
  readonly resource: Resource | undefined;
  /** Exports what is buffered now. */
  forceFlush(): Promise<void>;
  /**
   * Flushes and stops every signal, within `timeoutMillis` (default PAVED_TELEMETRY_SHUTDOWN_TIMEOUT,
   * 5 s): whatever is not exported by then is dropped, and so is at once what is bound for a
   * collector that refuses connections. Resolves true when everything was flushed. Safe to call
   * more than once.
   */
  shutdown(timeoutMillis?: number): Promise<boolean>;
}

let current: Telemetry | undefined;

/** The telemetry started in this process, if any. */
export function currentTelemetry(): Telemetry | undefined {
  return current;
}

const diagLevels: Record<TelemetryConfig["logLevel"], DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

function sampler(config: TelemetryConfig["sampler"]): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.ratio);
  switch (config.name) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return ratio;
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: ratio });
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * A signal's exporters, as `OTEL_<SIGNAL>_EXPORTER` lists them: the console's, or OTLP in the
 * signal's protocol, with each export's outcome told to the reporter (so failures are said once).
 */
function exporters<E extends ExporterLike>(
  name: Signal,
  signal: ExporterConfig,
  classes: {
    console: new () => E;
    json: new (options: { url: string; timeoutMillis: number }) => E;
    protobuf: new (options: { url: string; timeoutMillis: number }) => E;
  },
  reporter: Reporter,
): E[] {
  return signal.kinds.map((kind) => {
    if (kind === "console") return new classes.console();
    const Otlp = signal.protocol === "http/json" ? classes.json : classes.protobuf;
    const exporter = new Otlp({ url: signal.url, timeoutMillis: signal.timeoutMillis });
    return reported(exporter, `${name} to ${signal.url}`, reporter);
  });
}

/** One signal on its way out: its provider, and where it exports to. */
interface Pipeline {
  signal: ExporterConfig;
  label: Signal;
  provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> };
  flushing: Promise<unknown>;
}

/** A shutdown's own timeout if it is one setTimeout can keep, else the configured one. */
function shutdownTimeout(
  timeoutMillis: number | undefined,
  config: TelemetryConfig,
  reporter: Reporter,
): number {
  if (timeoutMillis === undefined) return config.shutdownTimeoutMillis;
  if (Number.isInteger(timeoutMillis) && timeoutMillis >= 1 && timeoutMillis <= maxDurationMillis)
    return timeoutMillis;
  reporter.warn(
    `shutdown(${String(timeoutMillis)}) is not a duration from 1 to ${String(maxDurationMillis)} ms; using ${String(config.shutdownTimeoutMillis)} ms.`,
  );
  return config.shutdownTimeoutMillis;
}

/**
 * Flushes and stops every signal within `timeoutMillis`. Resolves true when everything was
 * flushed.
 */
async function stopPipelines(
  pipelines: Pipeline[],
  timeoutMillis: number,
  reporter: Reporter,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"late">((resolve) => {
    timer = setTimeout(() => {
      resolve("late");
    }, timeoutMillis);
    timer.unref();
  });
  const outcomes = await Promise.all(
    pipelines.map((pipeline) => stopPipeline(pipeline, deadline, timeoutMillis, reporter)),
  );
  clearTimeout(timer);
  return outcomes.every((outcome) => outcome === "done");
}

/**
 * Stops one signal: given up at once if its collector refuses connections (its exporter would
 * retry until its own timeout), or at the deadline; either is said, naming the endpoint.
 */
async function stopPipeline(
  { signal, label, provider, flushing }: Pipeline,
  deadline: Promise<"late">,
  timeoutMillis: number,
  reporter: Reporter,
): Promise<string> {
  const stopped = flushing
    .then(() => provider.shutdown())
    .then(
      () => "done" as const,
      () => "done" as const,
    );
  const refused = signal.kinds.includes("otlp")
    ? refusal(signal.url, timeoutMillis)
    : new Promise<never>(() => undefined);
  const outcome = await Promise.race([stopped, refused, deadline]);
  if (outcome === "late")
    reporter.warn(
      `shutting down: exporting ${label} to ${signal.url} did not finish within ${String(timeoutMillis)} ms; what was not exported by then is dropped.`,
    );
  else if (outcome !== "done")
    reporter.warn(
      `shutting down: the collector refuses connections (${outcome}); the ${label} not yet exported to ${signal.url} are dropped.`,
    );
  return outcome;
}

/** The path of a request URL, without its query. */
function pathOf(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0] ?? "/";
  return path === "" ? "/" : path;
}

/**
 * Starts OpenTelemetry for this process: traces, metrics and logs over OTLP, configured by the
 * standard `OTEL_*` variables, with Fastify's requests, outgoing HTTP and undici instrumented and health routes
 * left out of traces. Call it before the application imports `http` or Fastify (the register
 * entry does). A second call returns the first one's handle.
 */
export function startTelemetry(options: TelemetryOptions = {}): Telemetry {
  if (current !== undefined) return current;
  const env = options.env ?? process.env;
  const reporter = new Reporter(options.write);
  const { config, warnings } = resolveConfig(env);

  if (config.disabled) {
    for (const warning of warnings) reporter.warn(warning);
    current = {
      enabled: false,
      config,
      resource: undefined,
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(true),
    };
    return current;
  }

  const entry = process.argv[1];
  const manifest = findManifest(
    options.manifestDir ?? (entry === undefined ? process.cwd() : dirname(entry)),
  );
  const resource = serviceResource(env, manifest, warnings);
  for (const warning of warnings) reporter.warn(warning);

  // The SDK's own diagnostics: each distinct message once, at OTEL_LOG_LEVEL (default warn).
  diag.setLogger(
    {
      error: (message) => {
        reporter.once(message);
      },
      warn: (message) => {
        reporter.once(message);
      },
      info: (message) => {
        reporter.once(message);
      },
      debug: (message) => {
        reporter.once(message);
      },
      verbose: (message) => {
        reporter.once(message);
      },
    },
    { logLevel: diagLevels[config.logLevel], suppressOverrideMessage: true },
  );
  // Failed exports are reported by their exporter, once; other errors once each.
  setGlobalErrorHandler((error) => {
    if (reporter.failing) return;
    reporter.once(
      `OpenTelemetry: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  });

  const spanProcessors: SpanProcessor[] = exporters<SpanExporter>(
    "traces",
    config.traces,
    { console: ConsoleSpanExporter, json: JsonTraceExporter, protobuf: ProtoTraceExporter },
    reporter,
  ).map((exporter) => new BatchSpanProcessor({ exporter, ...config.spans }));
  const tracerProvider = new TracerProvider({
    resource,
    sampler: sampler(config.sampler),
    spanProcessors,
  });

  const { exportIntervalMillis } = config.metricInterval;
  // A reader's export may not outlast its interval.
  const exportTimeoutMillis = Math.min(
    config.metricInterval.exportTimeoutMillis,
    exportIntervalMillis,
  );
  const readers = exporters<PushMetricExporter>(
    "metrics",
    config.metrics,
    { console: ConsoleMetricExporter, json: JsonMetricExporter, protobuf: ProtoMetricExporter },
    reporter,
  ).map(
    (exporter) =>
      new PeriodicExportingMetricReader({ exporter, exportIntervalMillis, exportTimeoutMillis }),
  );
  const meterProvider = new MeterProvider({ resource, readers });

  const logProcessors: LogRecordProcessor[] = exporters<LogRecordExporter>(
    "logs",
    config.logs,
    { console: ConsoleLogRecordExporter, json: JsonLogExporter, protobuf: ProtoLogExporter },
    reporter,
  ).map((exporter) => new BatchLogRecordProcessor({ exporter, ...config.logRecords }));
  const loggerProvider = new LoggerProvider({ resource, processors: logProcessors });
  if (logProcessors.length > 0) enableLogBridge({ deferred: true });

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: config.propagators.map((name) =>
        name === "tracecontext" ? new W3CTraceContextPropagator() : new W3CBaggagePropagator(),
      ),
    }),
  );
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  logs.setGlobalLoggerProvider(loggerProvider);

  let unregister: (() => void) | undefined;
  if (options.instrument !== false) {
    const ignored = new Set(config.ignorePaths);
    const instrumentations: Instrumentation[] = [
      new HttpInstrumentation({
        // Fastify's hooks trace its requests for half the cost (see fastify.ts).
        disableIncomingRequestInstrumentation: !config.httpServerSpans,
        // Health checks would be most of the traces and tell nothing.
        ignoreIncomingRequestHook: (request) => ignored.has(pathOf(request.url)),
        // The exporters' posts are not the service's traffic.
        ignoreOutgoingRequestHook: collectorRequests(
          signals
            .filter((name) => config[name].kinds.includes("otlp"))
            .map((name) => config[name].url),
        ),
      }),
      new UndiciInstrumentation(),
    ];
    const stopFastify = instrumentFastify(ignored);
    const unregisterAll = registerInstrumentations({
      instrumentations,
      tracerProvider,
      meterProvider,
      loggerProvider,
    });
    unregister = () => {
      stopFastify();
      unregisterAll();
    };
  }

  const providers = { traces: tracerProvider, metrics: meterProvider, logs: loggerProvider };
  const pipelines: Pipeline[] = signals.map((label) => ({
    signal: config[label],
    label,
    provider: providers[label],
    flushing: Promise.resolve(),
  }));
  let stopping: Promise<boolean> | undefined;
  const handle: Telemetry = {
    enabled: true,
    config,
    resource,
    async forceFlush() {
      drainLogBridge();
      // A flush in progress when shutdown begins is waited for: stopping the exporters would cut it.
      for (const pipeline of pipelines)
        pipeline.flushing = pipeline.provider.forceFlush().catch(() => undefined);
      await Promise.all(pipelines.map((pipeline) => pipeline.flushing));
    },
    shutdown(timeoutMillis) {
      stopping ??= (() => {
        unregister?.();
        drainLogBridge();
        return stopPipelines(pipelines, shutdownTimeout(timeoutMillis, config, reporter), reporter);
      })();
      return stopping;
    },
  };
  current = handle;
  return handle;
}
