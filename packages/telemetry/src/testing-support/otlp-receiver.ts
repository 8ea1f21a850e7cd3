import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real OTLP/HTTP receiver on loopback for the tests: it accepts what an OpenTelemetry SDK
 * posts to /v1/traces, /v1/metrics and /v1/logs, in protobuf (decoded here from the wire format
 * and the field numbers of opentelemetry-proto) or JSON, and keeps it to assert on. It can also
 * fail: answer 503, answer late, or stop.
 */

type Fields = Map<number, (bigint | Buffer)[]>;
const empty: Fields = new Map();

/** The fields of one protobuf message, by number; length-delimited ones as buffers. */
function fields(buffer: Buffer): Fields {
  const out: Fields = new Map();
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new Error("truncated varint");
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    let value: bigint | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 1) {
      value = buffer.subarray(offset, offset + 8);
      offset += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      value = buffer.subarray(offset, offset + length);
      offset += length;
    } else if (wire === 5) {
      value = buffer.subarray(offset, offset + 4);
      offset += 4;
    } else throw new Error(`unsupported wire type ${String(wire)}`);
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

const messages = (f: Fields, n: number): Fields[] =>
  (f.get(n) ?? []).map((value) => fields(value as Buffer));
const message = (f: Fields, n: number): Fields | undefined => messages(f, n)[0];
const string = (f: Fields | undefined, n: number): string =>
  (f?.get(n)?.[0] as Buffer | undefined)?.toString("utf8") ?? "";
const hex = (f: Fields, n: number): string =>
  (f.get(n)?.[0] as Buffer | undefined)?.toString("hex") ?? "";
const number = (f: Fields, n: number): number =>
  Number((f.get(n)?.[0] as bigint | undefined) ?? 0n);
const double = (f: Fields, n: number): number | undefined =>
  (f.get(n)?.[0] as Buffer | undefined)?.readDoubleLE(0);
const fixed64 = (f: Fields, n: number): number | undefined => {
  const value = f.get(n)?.[0] as Buffer | undefined;
  return value === undefined ? undefined : Number(value.readBigUInt64LE(0));
};

function anyValue(f: Fields | undefined): unknown {
  if (f === undefined) return undefined;
  if (f.has(1)) return string(f, 1);
  if (f.has(2)) return number(f, 2) !== 0;
  if (f.has(3)) return Number(BigInt.asIntN(64, f.get(3)?.[0] as bigint));
  if (f.has(4)) return double(f, 4);
  if (f.has(5)) return messages(message(f, 5) ?? empty, 1).map(anyValue);
  if (f.has(6)) return attributes(message(f, 6) ?? empty, 1);
  return undefined;
}

function attributes(f: Fields, n: number): Record<string, unknown> {
  return Object.fromEntries(
    messages(f, n).map((pair) => [string(pair, 1), anyValue(message(pair, 2))]),
  );
}

export interface ReceivedSpan {
  resource: Record<string, unknown>;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
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

const decodeTraces = (body: Buffer): ReceivedSpan[] =>
  items(body, (span, resource, scope) => ({
    resource,
    scope,
    traceId: hex(span, 1),
    spanId: hex(span, 2),
    parentSpanId: hex(span, 4),
    name: string(span, 5),
    kind: number(span, 6),
    attributes: attributes(span, 9),
    status: {
      code: number(message(span, 15) ?? empty, 3),
      message: string(message(span, 15), 2),
    },
  }));

const decodeMetrics = (body: Buffer): ReceivedMetric[] =>
  items(body, (metric, resource) => {
    // gauge 5 and sum 7 hold number points; histogram 9 holds histogram points.
    const histogram = message(metric, 9);
    const numbers = message(metric, 5) ?? message(metric, 7);
    const points = histogram
      ? messages(histogram, 1).map((point) => ({
          attributes: attributes(point, 9),
          count: fixed64(point, 4) ?? 0,
          sum: double(point, 5) ?? 0,
        }))
      : messages(numbers ?? empty, 1).map((point) => ({
          attributes: attributes(point, 7),
          value:
            double(point, 4) ??
            Number((point.get(6)?.[0] as Buffer | undefined)?.readBigInt64LE(0) ?? 0),
        }));
    return { resource, name: string(metric, 1), unit: string(metric, 3), points };
  });

const decodeLogs = (body: Buffer): ReceivedLog[] =>
  items(body, (record, resource) => ({
    resource,
    severityNumber: number(record, 2),
    severityText: string(record, 3),
    body: anyValue(message(record, 5)),
    attributes: attributes(record, 6),
    traceId: hex(record, 9),
    spanId: hex(record, 10),
  }));

export type Mode = "ok" | "error" | "slow";

export interface Receiver {
  url: string;
  spans: ReceivedSpan[];
  metrics: ReceivedMetric[];
  logs: ReceivedLog[];
  /** Requests received per path, including failed ones. */
  requests: Map<string, number>;
  /** OTLP/JSON requests, kept as parsed, with their headers. */
  json: { path: string; headers: IncomingMessage["headers"]; body: unknown }[];
  /** ok: accept; error: answer 503; slow: answer after `delayMillis`. */
  setMode(mode: Mode, delayMillis?: number): void;
  /** Resolves when `predicate` holds, polling; rejects after `timeoutMillis`. */
  waitFor(predicate: () => boolean, timeoutMillis?: number): Promise<void>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      resolve(Buffer.concat(chunks));
    });
    request.on("error", reject);
  });
}

export async function startReceiver(port = 0): Promise<Receiver> {
  let mode: Mode = "ok";
  let delay = 0;
  const receiver = {
    spans: [] as ReceivedSpan[],
    metrics: [] as ReceivedMetric[],
    logs: [] as ReceivedLog[],
    requests: new Map<string, number>(),
    json: [] as Receiver["json"],
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = request.url ?? "/";
      receiver.requests.set(path, (receiver.requests.get(path) ?? 0) + 1);
      const body = await readBody(request);
      if (mode === "error") {
        response.writeHead(503).end("collector unavailable");
        return;
      }
      if (mode === "slow") await new Promise((resolve) => setTimeout(resolve, delay));
      const contentType = request.headers["content-type"] ?? "";
      if (contentType.includes("json")) {
        receiver.json.push({ path, headers: request.headers, body: JSON.parse(body.toString()) });
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      if (!contentType.includes("protobuf")) {
        response.writeHead(415).end("the receiver reads OTLP in protobuf or JSON");
        return;
      }
      try {
        if (path === "/v1/traces") receiver.spans.push(...decodeTraces(body));
        else if (path === "/v1/metrics") receiver.metrics.push(...decodeMetrics(body));
        else if (path === "/v1/logs") receiver.logs.push(...decodeLogs(body));
        else {
          response.writeHead(404).end();
          return;
        }
      } catch (error) {
        response.writeHead(400).end(String(error));
        return;
      }
      response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    ...receiver,
    url: `http://127.0.0.1:${String(address.port)}`,
    setMode(next, delayMillis = 0) {
      mode = next;
      delay = delayMillis;
    },
    async waitFor(predicate, timeoutMillis = 20_000) {
      const start = Date.now();
      while (!predicate()) {
        if (Date.now() - start > timeoutMillis) throw new Error("timed out waiting for telemetry");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
