import {
  context,
  isSpanContextValid,
  logs,
  SeverityNumber,
  trace,
  type LogRecord,
} from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { afterCallbacks, logBridgeMode } from "./bridge.js";

export interface CreateLoggerOptions extends LoggerOptions {
  /** Where the JSON lines go (default: standard output). */
  destination?: DestinationStream;
}

/** The active span's ids, as the fields a log record carries them in. */
export function traceFields(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`,
  };
}

/** OpenTelemetry's severity for a pino level number (10 trace ... 60 fatal; custom between). */
function severityOf(level: number): [SeverityNumber, string] {
  if (level >= 60) return [SeverityNumber.FATAL, "FATAL"];
  if (level >= 50) return [SeverityNumber.ERROR, "ERROR"];
  if (level >= 40) return [SeverityNumber.WARN, "WARN"];
  if (level >= 30) return [SeverityNumber.INFO, "INFO"];
  if (level >= 20) return [SeverityNumber.DEBUG, "DEBUG"];
  return [SeverityNumber.TRACE, "TRACE"];
}

/** What pino tells a destination that asks for it (`needsMetadata`) before each line. */
interface Metadata {
  lastLevel?: number | undefined;
  lastMsg?: unknown;
  /** The time as written in the line: a number, or a JSON string such as an ISO date. */
  lastTime?: string | undefined;
}
/** All of it, and the part a record needs (the object and logger are not kept: no leaks). */
const metadataKeys = new Set<PropertyKey>([
  "lastLevel",
  "lastObj",
  "lastMsg",
  "lastTime",
  "lastLogger",
]);
const recordKeys = new Set<PropertyKey>(["lastLevel", "lastMsg", "lastTime"]);

/** Milliseconds since the epoch from pino's time field, whichever `timestamp` wrote it. */
function timeOf(written: string | undefined): number | undefined {
  if (written === undefined || written === "") return undefined;
  if (written.startsWith('"')) {
    let text: unknown;
    try {
      text = JSON.parse(written);
    } catch {
      return undefined; // a custom timestamp function wrote more than one value
    }
    const parsed = typeof text === "string" ? Date.parse(text) : Number.NaN;
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  const value = Number(written);
  if (!Number.isFinite(value)) return undefined;
  // pino.stdTimeFunctions.unixTime writes seconds; milliseconds that small would be 1973.
  return value < 1e11 ? value * 1000 : value;
}

/**
 * pino's destination when records are also exported: a proxy of `out` that writes each line
 * to `out` and then sends it as an OpenTelemetry log record, in the context it was logged in
 * (pino writes synchronously, so the active span is the one that logged). Everything else
 * pino reads or sets on its destination reaches `out` itself: flush and end, the config
 * message transports listen for, and the metadata a multistream needs. The proxy asks pino
 * for that metadata too, for the record's level (a number even when a formatter writes a
 * label) and message (whatever `messageKey` is). The attributes come from the line as
 * written, so serializers, child bindings and redaction apply to them as to the JSON.
 */
function tee(out: DestinationStream, messageKey: string): DestinationStream {
  const logger = logs.getLogger("@paved/telemetry/pino");
  const needsMetadata = pino.symbols.needsMetadataGsym;
  const outNeedsMetadata = (out as unknown as Record<symbol, unknown>)[needsMetadata] === true;
  const metadata: Metadata = {};
  // Fields of the line that are not attributes: they become the record's severity, time and
  // body, travel in its context (the ids), or are the resource's already (pid, hostname).
  const notAttributes = new Set([
    "level",
    "time",
    messageKey,
    "trace_id",
    "span_id",
    "trace_flags",
    "pid",
    "hostname",
  ]);

  const makeRecord = (
    line: string,
    active: ReturnType<typeof context.active>,
    { lastLevel, lastMsg, lastTime }: Metadata,
  ) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const attributes: Record<string, unknown> = {};
    for (const key in parsed) {
      if (!notAttributes.has(key)) attributes[key] = parsed[key];
    }
    const [severityNumber, severityText] = severityOf(lastLevel ?? 30);
    const record: LogRecord = { severityNumber, severityText, attributes, context: active };
    const timestamp = timeOf(lastTime);
    if (timestamp !== undefined) record.timestamp = timestamp;
    if (typeof lastMsg === "string") record.body = lastMsg;
    logger.emit(record);
  };
  const exportLine = (line: string) => {
    // The context and pino's metadata are this line's now; the record can be made later.
    const active = context.active();
    const now = { ...metadata };
    afterCallbacks(() => {
      makeRecord(line, active, now);
    });
  };

  const write = (line: string) => {
    out.write(line);
    exportLine(line);
  };
  const bound = new Map<PropertyKey, [unknown, unknown]>();
  return new Proxy(out, {
    get(target, property) {
      if (property === "write") return write;
      if (property === needsMetadata) return true;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      // Methods run on `out` itself (its private state stays its own); a method replaced on
      // `out` (pino swaps flushSync after EPIPE) is bound afresh.
      const cached = bound.get(property);
      if (cached?.[0] === value) return cached[1];
      const method: unknown = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(property, [value, method]);
      return method;
    },
    set(target, property, value) {
      if (metadataKeys.has(property)) {
        if (recordKeys.has(property)) (metadata as Record<PropertyKey, unknown>)[property] = value;
        if (!outNeedsMetadata) return true;
      }
      return Reflect.set(target, property, value, target);
    },
  });
}

/**
 * A pino logger whose records carry the active span's `trace_id` and `span_id`, written as JSON
 * lines to `destination` and also exported as OTLP log records when telemetry runs with a logs
 * exporter (make loggers after it starts: the register entry sees to that). Without telemetry it
 * is plain pino with the ids.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const { destination, mixin, ...rest } = options;
  const out = destination ?? pino.destination(1);
  const exporting = logBridgeMode() !== "off";
  return pino(
    {
      ...rest,
      mixin(mergeObject, level, logger) {
        return { ...(mixin ? mixin(mergeObject, level, logger) : {}), ...traceFields() };
      },
    },
    exporting ? tee(out, rest.messageKey ?? "msg") : out,
  );
}
