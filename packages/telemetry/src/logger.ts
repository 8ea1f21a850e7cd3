import { context, isSpanContextValid, logs, SeverityNumber, trace } from "@opentelemetry/api";
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

const severities: [number, SeverityNumber, string][] = [
  [60, SeverityNumber.FATAL, "FATAL"],
  [50, SeverityNumber.ERROR, "ERROR"],
  [40, SeverityNumber.WARN, "WARN"],
  [30, SeverityNumber.INFO, "INFO"],
  [20, SeverityNumber.DEBUG, "DEBUG"],
  [0, SeverityNumber.TRACE, "TRACE"],
];

/**
 * A stream that sends each pino record as an OpenTelemetry log record, in the context it was
 * logged in (pino writes synchronously, so the active span is the one that logged).
 */
function otlpStream(): DestinationStream {
  const logger = logs.getLogger("@paved/telemetry/pino");
  return {
    write(line: string) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      // The ids travel in the record's context; pid and hostname are the resource's already.
      const {
        level,
        time,
        msg,
        trace_id: _traceId,
        span_id: _spanId,
        trace_flags: _traceFlags,
        pid: _pid,
        hostname: _hostname,
        ...attributes
      } = record;
      const numeric = typeof level === "number" ? level : 30;
      const [, severityNumber, severityText] = severities.find(
        ([threshold]) => numeric >= threshold,
      ) ??
        severities[3] ?? [30, SeverityNumber.INFO, "INFO"];
      logger.emit({
        ...(typeof time === "number" ? { timestamp: time } : {}),
        severityNumber,
        severityText,
        ...(typeof msg === "string" ? { body: msg } : {}),
        attributes,
        context: context.active(),
      });
    },
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
    exporting
      ? pino.multistream([
          { level: "trace", stream: out },
          { level: "trace", stream: otlpStream() },
        ])
      : out,
  );
}
