import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from "node:http";
import type { AddressInfo } from "node:net";
import { gunzip } from "node:zlib";
import {
  decodeExport,
  type Decoded,
  type ReceivedLog,
  type ReceivedMetric,
  type ReceivedSpan,
  type SignalPath,
} from "./otlp-decode.js";

/**
 * A local OTLP/HTTP receiver: it accepts what an OpenTelemetry SDK posts to /v1/traces,
 * /v1/metrics and /v1/logs, protobuf or JSON, gzipped or not, decodes it, keeps it and hands
 * each export to `onExport`. `paved telemetry tail` prints what it gets; a service's tests assert
 * on it. It reads at most `maxBodyBytes` of each request, before and after decompression
 * (413 beyond), and answers what it cannot read with 400, 404 or 415 and the reason.
 */

export type { Decoded, ReceivedLog, ReceivedMetric, ReceivedSpan } from "./otlp-decode.js";

export type Mode = "ok" | "error" | "slow";

export interface ReceiverOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1: only this machine can post. */
  host?: string;
  /** The most a request's body may hold, compressed or not (default 16 MiB). */
  maxBodyBytes?: number;
  /** Called with each export as it is decoded. */
  onExport?: (decoded: Decoded) => void;
}

export interface Receiver {
  url: string;
  spans: ReceivedSpan[];
  metrics: ReceivedMetric[];
  logs: ReceivedLog[];
  /** Requests received per path, including failed ones. */
  requests: Map<string, number>;
  /** OTLP/JSON requests, kept as parsed, with their headers. */
  json: { path: string; headers: IncomingHttpHeaders; body: unknown }[];
  /** For fault tests: ok accepts; error answers 503; slow answers after `delayMillis`. */
  setMode(mode: Mode, delayMillis?: number): void;
  /** Resolves when `predicate` holds, polling; rejects after `timeoutMillis`. */
  waitFor(predicate: () => boolean, timeoutMillis?: number): Promise<void>;
  close(): Promise<void>;
}

export const defaultMaxBodyBytes = 16 * 1024 * 1024;

const signalPaths = new Set<string>(["/v1/traces", "/v1/metrics", "/v1/logs"]);

/** An answer other than 200, with its reason. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The request's body, refused (413) once it holds more than `limit` bytes; the rest is read and
 * dropped, so that the sender gets the answer rather than a reset connection.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (!refused) {
        refused = true;
        chunks = [];
        reject(new Refusal(413, `the body is larger than ${String(limit)} bytes`));
      }
    });
    request.on("end", () => {
      resolve(Buffer.concat(chunks));
    });
    request.on("error", reject);
  });
}

/** The body as sent, gunzipped (to at most `limit` bytes) if it says it is gzip. */
function decompress(body: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  const name = (encoding ?? "identity").trim().toLowerCase();
  if (name === "identity" || name === "") return Promise.resolve(body);
  if (name !== "gzip")
    return Promise.reject(new Refusal(415, `content-encoding ${name} is not gzip`));
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: limit }, (error, result) => {
      if (error === null) resolve(result);
      else if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
        reject(new Refusal(413, `the body inflates to more than ${String(limit)} bytes`));
      else reject(new Refusal(400, `the gzip body does not inflate (${error.message})`));
    });
  });
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const limit = options.maxBodyBytes ?? defaultMaxBodyBytes;
  let mode: Mode = "ok";
  let delay = 0;
  const receiver = {
    spans: [] as ReceivedSpan[],
    metrics: [] as ReceivedMetric[],
    logs: [] as ReceivedLog[],
    requests: new Map<string, number>(),
    json: [] as Receiver["json"],
  };
  const keep = (decoded: Decoded) => {
    if (decoded.signal === "traces") receiver.spans.push(...decoded.items);
    else if (decoded.signal === "metrics") receiver.metrics.push(...decoded.items);
    else receiver.logs.push(...decoded.items);
    options.onExport?.(decoded);
  };

  /** Reads and decodes one request; the content type it was in, for the answer. */
  const receive = async (request: IncomingMessage, path: string): Promise<"json" | "protobuf"> => {
    if (request.method !== "POST") throw new Refusal(405, "OTLP exports are POSTs");
    if (!signalPaths.has(path))
      throw new Refusal(404, "OTLP/HTTP posts to /v1/traces, /v1/metrics or /v1/logs");
    const type = (request.headers["content-type"] ?? "").split(";", 1)[0]?.trim() ?? "";
    const raw = await readBody(request, limit);
    const body = await decompress(raw, request.headers["content-encoding"], limit);
    if (mode === "error") throw new Refusal(503, "collector unavailable");
    if (mode === "slow") await new Promise((resolve) => setTimeout(resolve, delay));
    const signal = path as SignalPath;
    try {
      if (type === "application/json") {
        const json: unknown = JSON.parse(body.toString("utf8"));
        receiver.json.push({ path, headers: request.headers, body: json });
        keep(decodeExport(signal, { json }));
        return "json";
      }
      if (type === "application/x-protobuf") {
        keep(decodeExport(signal, body));
        return "protobuf";
      }
    } catch (error) {
      throw new Refusal(400, `not an OTLP export (${error instanceof Error ? error.message : ""})`);
    }
    throw new Refusal(415, "the receiver reads application/x-protobuf or application/json");
  };

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?", 1)[0] ?? "/";
    receiver.requests.set(path, (receiver.requests.get(path) ?? 0) + 1);
    receive(request, path).then(
      (type) => {
        if (type === "json")
          response.writeHead(200, { "content-type": "application/json" }).end("{}");
        else response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      },
      (error: unknown) => {
        const status = error instanceof Refusal ? error.status : 500;
        const reason = error instanceof Error ? error.message : String(error);
        response.writeHead(status, { "content-type": "text/plain", connection: "close" });
        response.end(reason);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    ...receiver,
    url: `http://${host}:${String(address.port)}`,
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
