import {
  context,
  isSpanContextValid,
  logs,
  SeverityNumber,
  trace,
  type Context,
  type LogRecord,
} from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { afterCallbacks, logBridgeMode } from "./bridge.js";

export interface CreateLoggerOptions extends LoggerOptions {
  /** Where the JSON lines go (default: standard output). */
  destination?: DestinationStream;
}

/** The trace flags as two hex digits: sampled or not, the only two a span has today. */
function flagsOf(flags: number): string {
  if (flags === 1) return "01";
  if (flags === 0) return "00";
  return flags.toString(16).padStart(2, "0");
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
    trace_flags: flagsOf(spanContext.traceFlags),
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

/** Makes each line pino writes an OpenTelemetry log record, in the context it was logged in. */
type LineExporter = (
  line: string,
  level: number | undefined,
  message: unknown,
  time: string | undefined,
) => void;

function lineExporter(messageKey: string): LineExporter {
  const logger = logs.getLogger("@paved/telemetry/pino");
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
    active: Context,
    level: number | undefined,
    message: unknown,
    time: string | undefined,
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
    const [severityNumber, severityText] = severityOf(level ?? 30);
    const record: LogRecord = { severityNumber, severityText, attributes, context: active };
    const timestamp = timeOf(time);
    if (timestamp !== undefined) record.timestamp = timestamp;
    if (typeof message === "string") record.body = message;
    logger.emit(record);
  };
  return (line, level, message, time) => {
    // The context and pino's metadata are this line's now; the record can be made later.
    const active = context.active();
    afterCallbacks(() => {
      makeRecord(line, active, level, message, time);
    });
  };
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
function tee(out: DestinationStream, exportLine: LineExporter): DestinationStream {
  const needsMetadata = pino.symbols.needsMetadataGsym;
  const outNeedsMetadata = (out as unknown as Record<symbol, unknown>)[needsMetadata] === true;
  const metadata: Metadata = {};
  const write = (line: string) => {
    out.write(line);
    exportLine(line, metadata.lastLevel, metadata.lastMsg, metadata.lastTime);
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

/** What pino sets on a destination that needs metadata, as the standard output's has it. */
type OwnDestination = DestinationStream & Metadata & Record<symbol, unknown>;

/**
 * The same for the standard output the logger opens itself: nobody else holds it, so its own
 * `write` is wrapped and pino's metadata lands on it, with none of a proxy's cost per access (a
 * proxy costs seven traps a line). It keeps the last line's object and logger, as a multistream
 * does.
 */
function teeOwn(out: OwnDestination, exportLine: LineExporter): DestinationStream {
  const write = out.write.bind(out);
  out[pino.symbols.needsMetadataGsym] = true;
  out.write = (line: string) => {
    write(line);
    exportLine(line, out.lastLevel, out.lastMsg, out.lastTime);
  };
  return out;
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
  let stream: DestinationStream = out;
  if (logBridgeMode() !== "off") {
    const exportLine = lineExporter(rest.messageKey ?? "msg");
    stream =
      destination === undefined ? teeOwn(out as OwnDestination, exportLine) : tee(out, exportLine);
  }
  return pino(
    {
      ...rest,
      // Without a mixin of the application's, the ids are the mixin: no object copied per line.
      mixin: mixin
        ? (mergeObject, level, logger) => ({
            ...mixin(mergeObject, level, logger),
            ...traceFields(),
          })
        : traceFields,
    },
    stream,
  );
}
