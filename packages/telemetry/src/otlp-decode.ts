/**
 * What an OpenTelemetry SDK posts to /v1/traces, /v1/metrics and /v1/logs, decoded into plain
 * records: protobuf from the wire format and the field numbers of opentelemetry-proto, JSON from
 * its OTLP/JSON mapping. The input comes off the network: every length is checked against the
 * buffer, nesting is bounded, and a malformed body throws an Error saying what was wrong.
 */

export interface ReceivedSpan {
  resource: Record<string, unknown>;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** From the span's start and end times. */
  durationMillis: number;
  attributes: Record<string, unknown>;
  status: { code: number; message: string };
}

export interface ReceivedMetric {
  resource: Record<string, unknown>;
  name: string;
  unit: string;
  points: { attributes: Record<string, unknown>; count?: number; sum?: number; value?: number }[];
}

export interface ReceivedLog {
  resource: Record<string, unknown>;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
  traceId: string;
  spanId: string;
}

export type SignalPath = "/v1/traces" | "/v1/metrics" | "/v1/logs";

export type Decoded =
  | { signal: "traces"; items: ReceivedSpan[] }
  | { signal: "metrics"; items: ReceivedMetric[] }
  | { signal: "logs"; items: ReceivedLog[] };

/** AnyValues inside AnyValues (arrays, maps) deeper than this are refused, not recursed into. */
const maxDepth = 32;

type Fields = Map<number, (bigint | Buffer)[]>;
const empty: Fields = new Map();

/** The fields of one protobuf message, by number; length-delimited ones as buffers. */
function fields(buffer: Buffer): Fields {
  const out: Fields = new Map();
  let offset = 0;
  const take = (length: number): Buffer => {
    if (length > buffer.length - offset)
      throw new Error("a field runs past the end of its message");
    const value = buffer.subarray(offset, offset + length);
    offset += length;
    return value;
  };
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new Error("truncated varint");
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new Error("a varint longer than 10 bytes");
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const wire = key & 7;
    let value: bigint | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 1) value = take(8);
    else if (wire === 2) value = take(Number(varint()));
    else if (wire === 5) value = take(4);
    else throw new Error(`unsupported wire type ${String(wire)}`);
    const field = Math.floor(key / 8);
    const list = out.get(field);
    if (list === undefined) out.set(field, [value]);
    else list.push(value);
  }
  return out;
}

const buffer = (f: Fields | undefined, n: number): Buffer | undefined => {
  const value = f?.get(n)?.[0];
  return Buffer.isBuffer(value) ? value : undefined;
};
const integer = (f: Fields | undefined, n: number): bigint | undefined => {
  const value = f?.get(n)?.[0];
  return typeof value === "bigint" ? value : undefined;
};
const messages = (f: Fields, n: number): Fields[] =>
  (f.get(n) ?? []).flatMap((value) => (Buffer.isBuffer(value) ? [fields(value)] : []));
const message = (f: Fields, n: number): Fields | undefined => messages(f, n)[0];
const string = (f: Fields | undefined, n: number): string => buffer(f, n)?.toString("utf8") ?? "";
const hex = (f: Fields, n: number): string => buffer(f, n)?.toString("hex") ?? "";
const number = (f: Fields | undefined, n: number): number => Number(integer(f, n) ?? 0n);
const double = (f: Fields, n: number): number | undefined => {
  const value = buffer(f, n);
  return value?.length === 8 ? value.readDoubleLE(0) : undefined;
};
const fixed64 = (f: Fields, n: number): bigint | undefined => {
  const value = buffer(f, n);
  return value?.length === 8 ? value.readBigUInt64LE(0) : undefined;
};

function anyValue(f: Fields | undefined, depth = 0): unknown {
  if (f === undefined) return undefined;
  if (depth > maxDepth) throw new Error(`values nested deeper than ${String(maxDepth)}`);
  if (f.has(1)) return string(f, 1);
  if (f.has(2)) return number(f, 2) !== 0;
  if (f.has(3)) return Number(BigInt.asIntN(64, integer(f, 3) ?? 0n));
  if (f.has(4)) return double(f, 4);
  if (f.has(5)) return messages(message(f, 5) ?? empty, 1).map((item) => anyValue(item, depth + 1));
  if (f.has(6)) return attributes(message(f, 6) ?? empty, 1, depth + 1);
  if (f.has(7)) return `<${String(buffer(f, 7)?.length ?? 0)} bytes>`;
  return undefined;
}

function attributes(f: Fields, n: number, depth = 0): Record<string, unknown> {
  return Object.fromEntries(
    messages(f, n).map((pair) => [string(pair, 1), anyValue(message(pair, 2), depth)]),
  );
}

/**
 * Each item of an OTLP export request (spans, metrics or log records), with its resource's
 * attributes and its scope's name: the three requests nest alike, resource (field 1) and scope
 * lists (field 2), each scope with its name (field 1) and its items (field 2).
 */
function items<T>(
  body: Buffer,
  decode: (item: Fields, resource: Record<string, unknown>, scope: string) => T,
): T[] {
  return messages(fields(body), 1).flatMap((resourceItems) => {
    const resource = attributes(message(resourceItems, 1) ?? empty, 1);
    return messages(resourceItems, 2).flatMap((scopeItems) => {
      const scope = string(message(scopeItems, 1), 1);
      return messages(scopeItems, 2).map((item) => decode(item, resource, scope));
    });
  });
}

const nanosToMillis = (start: bigint | undefined, end: bigint | undefined): number =>
  start === undefined || end === undefined || end < start ? 0 : Number(end - start) / 1e6;

const protobufTraces = (body: Buffer): ReceivedSpan[] =>
  items(body, (span, resource, scope) => ({
    resource,
    scope,
    traceId: hex(span, 1),
    spanId: hex(span, 2),
    parentSpanId: hex(span, 4),
    name: string(span, 5),
    kind: number(span, 6),
    durationMillis: nanosToMillis(fixed64(span, 7), fixed64(span, 8)),
    attributes: attributes(span, 9),
    status: {
      code: number(message(span, 15), 3),
      message: string(message(span, 15), 2),
    },
  }));

const protobufMetrics = (body: Buffer): ReceivedMetric[] =>
  items(body, (metric, resource) => {
    // gauge 5 and sum 7 hold number points; histogram 9 holds histogram points.
    const histogram = message(metric, 9);
    const numbers = message(metric, 5) ?? message(metric, 7);
    const points = histogram
      ? messages(histogram, 1).map((point) => ({
          attributes: attributes(point, 9),
          count: Number(fixed64(point, 4) ?? 0n),
          sum: double(point, 5) ?? 0,
        }))
      : messages(numbers ?? empty, 1).map((point) => ({
          attributes: attributes(point, 7),
          value: double(point, 4) ?? Number(BigInt.asIntN(64, fixed64(point, 6) ?? 0n)),
        }));
    return { resource, name: string(metric, 1), unit: string(metric, 3), points };
  });

const protobufLogs = (body: Buffer): ReceivedLog[] =>
  items(body, (record, resource) => ({
    resource,
    severityNumber: number(record, 2),
    severityText: string(record, 3),
    body: anyValue(message(record, 5)),
    attributes: attributes(record, 6),
    traceId: hex(record, 9),
    spanId: hex(record, 10),
  }));

/* OTLP/JSON: the same messages, fields by their lowerCamelCase names. */

type Json = Record<string, unknown>;
const object = (value: unknown): Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(object) : []);
const text = (value: unknown): string => (typeof value === "string" ? value : "");
/** int64 and fixed64 are strings in OTLP/JSON, and plain numbers from some encoders. */
const numeric = (value: unknown): number =>
  typeof value === "number" ? value : typeof value === "string" ? Number(value) || 0 : 0;

function jsonAnyValue(value: unknown, depth = 0): unknown {
  if (depth > maxDepth) throw new Error(`values nested deeper than ${String(maxDepth)}`);
  const v = object(value);
  if ("stringValue" in v) return text(v["stringValue"]);
  if ("boolValue" in v) return v["boolValue"] === true;
  if ("intValue" in v) return numeric(v["intValue"]);
  if ("doubleValue" in v) return numeric(v["doubleValue"]);
  if ("arrayValue" in v)
    return list(object(v["arrayValue"])["values"]).map((item) => jsonAnyValue(item, depth + 1));
  if ("kvlistValue" in v) return jsonAttributes(object(v["kvlistValue"])["values"], depth + 1);
  if ("bytesValue" in v) return `<${String(text(v["bytesValue"]).length)} base64 characters>`;
  return undefined;
}

const jsonAttributes = (value: unknown, depth = 0): Record<string, unknown> =>
  Object.fromEntries(
    list(value).map((pair) => [text(pair["key"]), jsonAnyValue(pair["value"], depth)]),
  );

function jsonItems<T>(
  body: unknown,
  names: [resources: string, scopes: string, items: string],
  decode: (item: Json, resource: Record<string, unknown>, scope: string) => T,
): T[] {
  const [resources, scopes, itemsKey] = names;
  return list(object(body)[resources]).flatMap((resourceItems) => {
    const resource = jsonAttributes(object(resourceItems["resource"])["attributes"]);
    return list(resourceItems[scopes]).flatMap((scopeItems) => {
      const scope = text(object(scopeItems["scope"])["name"]);
      return list(scopeItems[itemsKey]).map((item) => decode(item, resource, scope));
    });
  });
}

const jsonTraces = (body: unknown): ReceivedSpan[] =>
  jsonItems(body, ["resourceSpans", "scopeSpans", "spans"], (span, resource, scope) => {
    const status = object(span["status"]);
    const start = numeric(span["startTimeUnixNano"]);
    const end = numeric(span["endTimeUnixNano"]);
    return {
      resource,
      scope,
      traceId: text(span["traceId"]),
      spanId: text(span["spanId"]),
      parentSpanId: text(span["parentSpanId"]),
      name: text(span["name"]),
      kind: numeric(span["kind"]),
      durationMillis: end >= start ? (end - start) / 1e6 : 0,
      attributes: jsonAttributes(span["attributes"]),
      status: { code: numeric(status["code"]), message: text(status["message"]) },
    };
  });

const jsonMetrics = (body: unknown): ReceivedMetric[] =>
  jsonItems(body, ["resourceMetrics", "scopeMetrics", "metrics"], (metric, resource) => {
    const histogram = object(metric["histogram"]);
    const numbers = object(metric["gauge"] ?? metric["sum"]);
    const points =
      "histogram" in metric
        ? list(histogram["dataPoints"]).map((point) => ({
            attributes: jsonAttributes(point["attributes"]),
            count: numeric(point["count"]),
            sum: numeric(point["sum"]),
          }))
        : list(numbers["dataPoints"]).map((point) => ({
            attributes: jsonAttributes(point["attributes"]),
            value: numeric(point["asDouble"] ?? point["asInt"]),
          }));
    return { resource, name: text(metric["name"]), unit: text(metric["unit"]), points };
  });

const jsonLogs = (body: unknown): ReceivedLog[] =>
  jsonItems(body, ["resourceLogs", "scopeLogs", "logRecords"], (record, resource) => ({
    resource,
    severityNumber: numeric(record["severityNumber"]),
    severityText: text(record["severityText"]),
    body: jsonAnyValue(record["body"]),
    attributes: jsonAttributes(record["attributes"]),
    traceId: text(record["traceId"]),
    spanId: text(record["spanId"]),
  }));

/** Decodes one export request posted to `path`, protobuf or (`json`) OTLP/JSON already parsed. */
export function decodeExport(path: SignalPath, body: Buffer | { json: unknown }): Decoded {
  const json = Buffer.isBuffer(body) ? undefined : body.json;
  const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  if (path === "/v1/traces")
    return {
      signal: "traces",
      items: json === undefined ? protobufTraces(bytes) : jsonTraces(json),
    };
  if (path === "/v1/metrics")
    return {
      signal: "metrics",
      items: json === undefined ? protobufMetrics(bytes) : jsonMetrics(json),
    };
  return { signal: "logs", items: json === undefined ? protobufLogs(bytes) : jsonLogs(json) };
}
