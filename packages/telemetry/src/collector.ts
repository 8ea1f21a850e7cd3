import type { RequestOptions } from "node:http";
import { connect } from "node:net";

/**
 * The collector the OTLP exporters post to, as the rest of the preset needs to know it: which
 * outgoing requests are the exporters' own (not the service's traffic), and whether it refuses
 * connections (then a shutdown has nothing to wait for).
 */

const defaultPorts: Record<string, string> = { "http:": "80", "https:": "443" };

/** protocol//host:port/path, with the default port spelled out and IPv6 brackets dropped. */
function key(protocol: string, hostname: string, port: string, path: string): string {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return `${protocol}//${host}:${port === "" ? (defaultPorts[protocol] ?? "") : port}${path}`;
}

/**
 * A test for "is this outgoing request one of the exporters' posts?", for the HTTP
 * instrumentation's ignore hook: the exporters' own requests would otherwise be traced and
 * counted as the service's `http.client.request.duration`, once per export.
 */
export function collectorRequests(urls: readonly string[]): (options: RequestOptions) => boolean {
  const endpoints = new Set(
    urls.map((href) => {
      const url = new URL(href);
      return key(url.protocol, url.hostname, url.port, url.pathname);
    }),
  );
  return (options) => {
    if (options.method !== undefined && options.method.toUpperCase() !== "POST") return false;
    const protocol = options.protocol ?? "http:";
    const path = (options.path ?? "/").split("?")[0] ?? "/";
    const port = options.port === undefined || options.port === null ? "" : String(options.port);
    return endpoints.has(key(protocol, options.hostname ?? options.host ?? "", port, path));
  };
}

/** The errors that say nothing listens there (or the name does not resolve): not worth waiting. */
const unreachable = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * Resolves with the error code (`ECONNREFUSED`, …) once a TCP connection to the collector is
 * refused; never resolves if it is accepted or takes longer than `timeoutMillis`, the caller's
 * deadline. Keeps nothing alive: the socket is unreferenced and closed either way.
 */
export function refusal(href: string, timeoutMillis: number): Promise<string> {
  return new Promise((resolve) => {
    const url = new URL(href);
    const socket = connect({
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: Number(url.port === "" ? defaultPorts[url.protocol] : url.port),
    });
    socket.unref();
    socket.setTimeout(timeoutMillis, () => socket.destroy());
    socket.once("connect", () => socket.destroy());
    socket.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== undefined && unreachable.has(error.code)) resolve(error.code);
    });
  });
}
