/**
 * The telemetry configuration, read from the standard `OTEL_*` environment variables as the
 * OpenTelemetry specification defines them. Every bad value gives a warning that names the
 * variable, and a safe default in its place: telemetry never stops a service from starting.
 */

import { redactEndpoint, redactUrls } from "./printable.js";

export type Signal = "traces" | "metrics" | "logs";
export const signals: readonly Signal[] = ["traces", "metrics", "logs"];

export type Protocol = "http/protobuf" | "http/json";
export type ExporterKind = "otlp" | "console";

export type SamplerName =
  | "always_on"
  | "always_off"
  | "traceidratio"
  | "parentbased_always_on"
  | "parentbased_always_off"
  | "parentbased_traceidratio";

export interface ExporterConfig {
  kinds: ExporterKind[];
  protocol: Protocol;
  /** The full URL the signal is posted to (`…/v1/traces`). */
  url: string;
  /** Milliseconds an export may take before it is abandoned. */
  timeoutMillis: number;
}

export interface BatchConfig {
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
  /** Spans or records waiting for export; beyond it new ones are dropped, never buffered. */
  maxQueueSize: number;
  maxExportBatchSize: number;
}

export interface TelemetryConfig {
  disabled: boolean;
  traces: ExporterConfig;
  metrics: ExporterConfig;
  logs: ExporterConfig;
  sampler: { name: SamplerName; ratio: number };
  spans: BatchConfig;
  logRecords: BatchConfig;
  metricInterval: { exportIntervalMillis: number; exportTimeoutMillis: number };
  propagators: ("tracecontext" | "baggage")[];
  /** OTEL_LOG_LEVEL: how much the SDK says about itself. */
  logLevel: "none" | "error" | "warn" | "info" | "debug" | "verbose" | "all";
  /** Routes whose requests are not traced (health checks), from PAVED_TELEMETRY_IGNORE_PATHS. */
  ignorePaths: string[];
  /**
   * Whether the HTTP instrumentation traces every incoming request, from
   * PAVED_TELEMETRY_HTTP_SERVER_SPANS (default false: Fastify's hooks trace Fastify's requests, at
   * half the cost; other servers' requests are not traced).
   */
  httpServerSpans: boolean;
  /** Milliseconds a shutdown may take to flush, from PAVED_TELEMETRY_SHUTDOWN_TIMEOUT. */
  shutdownTimeoutMillis: number;
}

/** The longest timer Node keeps: setTimeout's limit, 2^31 - 1 ms (about 24.8 days). */
export const maxDurationMillis = 2 ** 31 - 1;

export const defaultIgnorePaths = ["/healthz", "/readyz", "/livez"];

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads the configuration; `warnings` says what was wrong and what is used instead. */
export function resolveConfig(env: Environment): { config: TelemetryConfig; warnings: string[] } {
  const warnings: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const warn = (name: string, value: string, problem: string, fallback: string) => {
    warnings.push(`${name}=${quoted(value)} ${problem}; using ${fallback}.`);
  };

  const integer = (name: string, fallback: number, minimum = 0): number => {
    const value = read(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < minimum) {
      warn(name, value, `is not a whole number of at least ${String(minimum)}`, String(fallback));
      return fallback;
    }
    return number;
  };
  // Every duration ends in a timer: beyond setTimeout's limit Node fires it after 1 ms instead.
  const duration = (name: string, fallback: number): number => {
    const value = read(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || number > maxDurationMillis) {
      warn(
        name,
        value,
        `is not a duration from 1 to ${String(maxDurationMillis)} ms`,
        `${String(fallback)} ms`,
      );
      return fallback;
    }
    return number;
  };

  const boolean = (name: string): boolean => {
    const value = read(name);
    if (value === undefined || /^false$/i.test(value)) return false;
    if (/^true$/i.test(value)) return true;
    warn(name, value, "is neither true nor false", "false");
    return false;
  };
  const disabled = boolean("OTEL_SDK_DISABLED");

  const protocolOf = (name: string, fallback: Protocol): Protocol => {
    const value = read(name);
    if (value === undefined) return fallback;
    if (value === "http/protobuf" || value === "http/json") return value;
    warn(
      name,
      value,
      value === "grpc"
        ? "asks for gRPC, which this preset does not ship"
        : "is not an OTLP protocol (http/protobuf, http/json)",
      fallback,
    );
    return fallback;
  };
  const baseProtocol = protocolOf("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
  const baseTimeout = duration("OTEL_EXPORTER_OTLP_TIMEOUT", 10_000);

  const urlOf = (name: string): URL | undefined => {
    const value = read(name);
    if (value === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
      warn(name, redactEndpoint(value), "is not an http(s) URL", "the default endpoint");
      return undefined;
    }
    return url;
  };
  const base = urlOf("OTEL_EXPORTER_OTLP_ENDPOINT");

  const exporter = (signal: Signal): ExporterConfig => {
    const upper = signal.toUpperCase();
    const listName = `OTEL_${upper}_EXPORTER`;
    const list = read(listName);
    const kinds: ExporterKind[] = [];
    if (list === undefined) kinds.push("otlp");
    else {
      for (const entry of list.split(",").map((item) => item.trim().toLowerCase())) {
        if (entry === "none") continue;
        if (entry === "otlp" || entry === "console") {
          if (!kinds.includes(entry)) kinds.push(entry);
        } else {
          warn(
            listName,
            list,
            `names an exporter this preset does not ship (${quoted(entry)}; it has otlp, console, none)`,
            "otlp",
          );
          if (!kinds.includes("otlp")) kinds.push("otlp");
        }
      }
      if (list.split(",").some((item) => item.trim().toLowerCase() === "none") && kinds.length > 0)
        warnings.push(
          `${listName}=${quoted(list)} mixes none with exporters; using ${kinds.join(",")}.`,
        );
    }
    const own = urlOf(`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`);
    // A signal's own endpoint is used as it is; the shared one gets the signal's path (before
    // its query, if it has one).
    const url = own?.href ?? signalUrl(base ?? new URL("http://localhost:4318"), signal);
    return {
      kinds,
      protocol: protocolOf(`OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`, baseProtocol),
      url,
      timeoutMillis: duration(`OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`, baseTimeout),
    };
  };

  const samplers: readonly SamplerName[] = [
    "always_on",
    "always_off",
    "traceidratio",
    "parentbased_always_on",
    "parentbased_always_off",
    "parentbased_traceidratio",
  ];
  let samplerName: SamplerName = "parentbased_always_on";
  const samplerValue = read("OTEL_TRACES_SAMPLER");
  if (samplerValue !== undefined) {
    const lower = samplerValue.toLowerCase();
    if ((samplers as readonly string[]).includes(lower)) samplerName = lower as SamplerName;
    else
      warn(
        "OTEL_TRACES_SAMPLER",
        samplerValue,
        `is not a sampler this preset knows (${samplers.join(", ")})`,
        samplerName,
      );
  }
  let ratio = 1;
  const ratioValue = read("OTEL_TRACES_SAMPLER_ARG");
  if (ratioValue !== undefined && samplerName.endsWith("traceidratio")) {
    const number = Number(ratioValue);
    if (!Number.isFinite(number) || number < 0 || number > 1)
      warn("OTEL_TRACES_SAMPLER_ARG", ratioValue, "is not a ratio from 0 to 1", "1");
    else ratio = number;
  }

  const batch = (prefix: "OTEL_BSP" | "OTEL_BLRP", delay: number): BatchConfig => {
    const maxQueueSize = integer(`${prefix}_MAX_QUEUE_SIZE`, 2048, 1);
    let maxExportBatchSize = integer(`${prefix}_MAX_EXPORT_BATCH_SIZE`, 512, 1);
    if (maxExportBatchSize > maxQueueSize) {
      warnings.push(
        `${prefix}_MAX_EXPORT_BATCH_SIZE=${String(maxExportBatchSize)} is larger than the queue (${String(maxQueueSize)}); using ${String(maxQueueSize)}.`,
      );
      maxExportBatchSize = maxQueueSize;
    }
    return {
      scheduledDelayMillis: duration(`${prefix}_SCHEDULE_DELAY`, delay),
      exportTimeoutMillis: duration(`${prefix}_EXPORT_TIMEOUT`, 30_000),
      maxQueueSize,
      maxExportBatchSize,
    };
  };

  const propagators: TelemetryConfig["propagators"] = [];
  const propagatorList = read("OTEL_PROPAGATORS");
  for (const entry of (propagatorList ?? "tracecontext,baggage")
    .split(",")
    .map((item) => item.trim().toLowerCase())) {
    if (entry === "tracecontext" || entry === "baggage") {
      if (!propagators.includes(entry)) propagators.push(entry);
    } else if (entry !== "none" && entry !== "")
      warn(
        "OTEL_PROPAGATORS",
        propagatorList ?? "",
        `names a propagator this preset does not ship (${quoted(entry)})`,
        "the others it names",
      );
  }

  const levels = ["none", "error", "warn", "info", "debug", "verbose", "all"] as const;
  let logLevel: TelemetryConfig["logLevel"] = "warn";
  const levelValue = read("OTEL_LOG_LEVEL");
  if (levelValue !== undefined) {
    const lower = levelValue.toLowerCase();
    if ((levels as readonly string[]).includes(lower)) logLevel = lower as typeof logLevel;
    else warn("OTEL_LOG_LEVEL", levelValue, `is not a level (${levels.join(", ")})`, logLevel);
  }

  const ignoreValue = read("PAVED_TELEMETRY_IGNORE_PATHS");
  let ignorePaths = defaultIgnorePaths;
  if (ignoreValue !== undefined) {
    const paths = ignoreValue
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
    const bad = paths.filter((path) => !path.startsWith("/"));
    if (bad.length > 0)
      warn(
        "PAVED_TELEMETRY_IGNORE_PATHS",
        ignoreValue,
        "holds entries that are not paths starting with /",
        "the paths that are",
      );
    ignorePaths = paths.filter((path) => path.startsWith("/"));
  }

  return {
    config: {
      disabled,
      traces: exporter("traces"),
      metrics: exporter("metrics"),
      logs: exporter("logs"),
      sampler: { name: samplerName, ratio },
      spans: batch("OTEL_BSP", 5000),
      logRecords: batch("OTEL_BLRP", 1000),
      metricInterval: {
        exportIntervalMillis: duration("OTEL_METRIC_EXPORT_INTERVAL", 60_000),
        exportTimeoutMillis: duration("OTEL_METRIC_EXPORT_TIMEOUT", 30_000),
      },
      propagators,
      logLevel,
      ignorePaths,
      httpServerSpans: boolean("PAVED_TELEMETRY_HTTP_SERVER_SPANS"),
      shutdownTimeoutMillis: duration("PAVED_TELEMETRY_SHUTDOWN_TIMEOUT", 5000),
    },
    warnings,
  };
}

/** The shared endpoint with a signal's path appended to its own. */
function signalUrl(base: URL, signal: Signal): string {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/v1/${signal}`;
  return url.href;
}

/** A value as a warning may show it: without secrets, printable, and not a screenful. */
function quoted(value: string): string {
  const clean = redactUrls(value).replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 77)}...` : clean);
}
