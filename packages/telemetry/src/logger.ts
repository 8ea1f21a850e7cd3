import {
  context,
  isSpanContextValid,
  logs,
  SeverityNumber,
  trace,
  type LogRecord,
} from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { logBridgeEnabled } from "./bridge.js";

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

/** OpenTelemetry's severity for a pino level (pino's numbers: 10 trace ... 60 fatal). */
function severityOf(level: unknown): [SeverityNumber, string] {
  const numeric = typeof level === "number" ? level : 30;
  if (numeric >= 60) return [SeverityNumber.FATAL, "FATAL"];
  if (numeric >= 50) return [SeverityNumber.ERROR, "ERROR"];
  if (numeric >= 40) return [SeverityNumber.WARN, "WARN"];
  if (numeric >= 30) return [SeverityNumber.INFO, "INFO"];
  if (numeric >= 20) return [SeverityNumber.DEBUG, "DEBUG"];
  return [SeverityNumber.TRACE, "TRACE"];
}

/**
 * Fields of a pino line that are not attributes of the log record: they become its severity,
 * timestamp and body, travel in its context (the ids), or are the resource's already.
 */
const notAttributes = new Set([
  "level",
  "time",
  "msg",
  "trace_id",
  "span_id",
  "trace_flags",
  "pid",
  "hostname",
]);

/**
 * Sends each pino record as an OpenTelemetry log record, in the context it was logged in (pino
 * writes synchronously, so the active span is the one that logged). It reads the line pino
 * wrote, so serializers, child bindings and redaction apply as they do to the JSON line.
 */
function otlpWriter(): (line: string) => void {
  const logger = logs.getLogger("@paved/telemetry/pino");
  return (line) => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const attributes: Record<string, unknown> = {};
    for (const key in record) {
      if (!notAttributes.has(key)) attributes[key] = record[key];
    }
    const [severityNumber, severityText] = severityOf(record["level"]);
    const { time, msg } = record;
    const logRecord: LogRecord = {
      severityNumber,
      severityText,
      attributes,
      context: context.active(),
    };
    if (typeof time === "number") logRecord.timestamp = time;
    if (typeof msg === "string") logRecord.body = msg;
    logger.emit(logRecord);
  };
}

/**
 * The JSON lines go to `out` and each also to OpenTelemetry: a tee that costs less per line
 * than pino's multistream, which checks levels and metadata for each of its streams.
 */
function tee(out: DestinationStream, exportLine: (line: string) => void): DestinationStream {
  const flushable = out as DestinationStream & {
    flush?: (callback?: (error?: Error) => void) => void;
    flushSync?: () => void;
    end?: () => void;
  };
  return {
    write(line: string) {
      flushable.write(line);
      exportLine(line);
    },
    ...(flushable.flush ? { flush: flushable.flush.bind(flushable) } : {}),
    ...(flushable.flushSync ? { flushSync: flushable.flushSync.bind(flushable) } : {}),
    ...(flushable.end ? { end: flushable.end.bind(flushable) } : {}),
  };
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
  const exporting = logBridgeEnabled();
  return pino(
    {
      ...rest,
      mixin(mergeObject, level, logger) {
        return { ...(mixin ? mixin(mergeObject, level, logger) : {}), ...traceFields() };
      },
    },
    exporting ? tee(out, otlpWriter()) : out,
  );
}
