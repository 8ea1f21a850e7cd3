import { terminalText } from "@paved/conformance";
import type { Decoded, ReceivedLog, ReceivedMetric, ReceivedSpan } from "@paved/telemetry/receiver";

/**
 * `paved telemetry tail`'s lines: one per span, metric point and log record, as they arrive.
 * Every text in them comes off the wire, from whatever posted to the port: each goes through
 * terminalText (no escape sequence, no newline reaches the terminal) and is cut to a length a
 * line can hold.
 */

const maxValue = 120;
const maxLine = 400;

/** A received text as the terminal may show it, at most `max` characters. */
function shown(value: unknown, max = maxValue): string {
  // Decoded values are strings, numbers, booleans, lists and maps, or undefined (an empty value).
  const text = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
  const safe = terminalText(text);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

function attributes(values: Record<string, unknown>, skip: readonly string[] = []): string {
  return Object.entries(values)
    .filter(([key]) => !skip.includes(key))
    .map(([key, value]) => `${shown(key, 60)}=${shown(value)}`)
    .join(" ");
}

const service = (resource: Record<string, unknown>): string =>
  shown(resource["service.name"] ?? "unknown service", 40);

/** The line, cut where the terminal's would be unreadable anyway. */
function line(parts: (string | undefined)[]): string {
  const text = parts.filter((part) => part !== undefined && part !== "").join("  ");
  return `${text.length > maxLine ? `${text.slice(0, maxLine - 1)}…` : text}\n`;
}

const kinds = ["unspecified", "internal", "server", "client", "producer", "consumer"];

function spanLine(span: ReceivedSpan): string {
  const failed = span.status.code === 2;
  return line([
    "span  ",
    service(span.resource),
    shown(span.name),
    kinds[span.kind] ?? `kind ${String(span.kind)}`,
    `${span.durationMillis.toFixed(1)} ms`,
    failed ? `ERROR${span.status.message === "" ? "" : ` ${shown(span.status.message)}`}` : "",
    `trace ${shown(span.traceId, 32)}`,
    attributes(span.attributes),
  ]);
}

/** A number as a line shows it: at most 6 significant digits. */
const figure = (value: number): string => String(Number(value.toPrecision(6)));

function metricLine(metric: ReceivedMetric, point: ReceivedMetric["points"][number]): string {
  const unit = metric.unit === "" ? "" : ` ${shown(metric.unit, 20)}`;
  return line([
    "metric",
    service(metric.resource),
    shown(metric.name),
    point.count === undefined
      ? `${figure(point.value ?? 0)}${unit}`
      : `count ${String(point.count)} sum ${figure(point.sum ?? 0)}${unit}`,
    attributes(point.attributes),
  ]);
}

function logLine(record: ReceivedLog): string {
  return line([
    "log   ",
    service(record.resource),
    shown(
      record.severityText === ""
        ? `severity ${String(record.severityNumber)}`
        : record.severityText,
      10,
    ),
    shown(record.body ?? ""),
    record.traceId === "" ? "" : `trace ${shown(record.traceId, 32)}`,
    attributes(record.attributes),
  ]);
}

/** The most metric series a tail remembers, to print only those that changed. */
const maxSeries = 10_000;

/**
 * What each export prints. An SDK exports every metric at each interval, changed or not (its
 * sums are cumulative): a point is printed when it differs from the one last printed.
 */
export function exportPrinter(): (decoded: Decoded) => string {
  const last = new Map<string, string>();
  return (decoded) => {
    if (decoded.signal === "traces") return decoded.items.map(spanLine).join("");
    if (decoded.signal === "logs") return decoded.items.map(logLine).join("");
    return decoded.items
      .flatMap((metric) =>
        metric.points.map((point) => {
          const series = JSON.stringify([metric.resource, metric.name, point.attributes]);
          const printed = metricLine(metric, point);
          if (last.get(series) === printed) return "";
          if (last.size >= maxSeries && !last.has(series)) last.clear();
          last.set(series, printed);
          return printed;
        }),
      )
      .join("");
  };
}
