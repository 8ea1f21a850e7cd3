import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { performance } from "node:perf_hooks";
import {
  context,
  metrics,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
import { getRPCMetadata, RPCType } from "@opentelemetry/core";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from "@opentelemetry/semantic-conventions";

/**
 * Fastify's requests in traces and metrics. By default Fastify's hooks make each request's server
 * span and its `http.server.request.duration` point themselves, named by the route
 * (`GET /users/:id`): half the cost per request of the HTTP instrumentation's server span, which
 * binds every request and response emitter to its context and reads a dozen attributes. Where
 * the HTTP instrumentation does trace incoming requests (PAVED_TELEMETRY_HTTP_SERVER_SPANS=true),
 * the hooks only give its span the route: one server span per request either way.
 *
 * Fastify announces each new instance on the `fastify.initialization` diagnostics channel, so
 * nothing is patched and Fastify is the application's own, never a dependency of the preset.
 */

/** What the hooks read of Fastify's request and reply. */
interface Request {
  method: string;
  url: string;
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
  raw: { httpVersion?: string };
  routeOptions: { url?: string | undefined };
}
interface Reply {
  statusCode: number;
}
type Done = () => void;
type Hook = "onRequest" | "onResponse";
interface Instance {
  addHook(name: Hook, hook: (r: Request, p: Reply, d: Done) => void): void;
  addHook(name: "onError", hook: (r: Request, p: Reply, e: Error, d: Done) => void): void;
}

/** A request the hooks trace: its span, the context it runs in, when it began. */
interface Traced {
  span: Span;
  context: Context;
  start: number;
  /** The metric's attributes, the status and error type added at the end. */
  attributes: Attributes;
  failed: boolean;
}

const channel = "fastify.initialization";

/** A request URL's path, without its query. */
function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** The semantic conventions' advice for `http.server.request.duration`, in seconds. */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Starts tracing the requests of every Fastify instance created from now on; returns the stop. */
export function instrumentFastify(ignoredRoutes: ReadonlySet<string>): () => void {
  // Where a traced request keeps its span: a property of its own, read and cleared by the
  // response hook (a WeakMap costs a hash lookup per access and an ephemeron for the collector
  // to trace). One key per call, so that two instrumentations never share a request's slot.
  const tracedKey = Symbol("@paved/telemetry/fastify");
  const slot = (request: Request) => request as unknown as Record<symbol, Traced | undefined>;
  const tracer = trace.getTracer("@paved/telemetry/fastify");
  const duration = metrics
    .getMeter("@paved/telemetry/fastify")
    .createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, {
      unit: "s",
      description: "Duration of HTTP server requests.",
      advice: { explicitBucketBoundaries: durationBuckets },
    });

  /** The request's own server span, in the caller's trace (`traceparent`) if it has one. */
  const startRequest = (request: Request, route: string | undefined, active: Context) => {
    const parent =
      trace.getSpan(active) === undefined ? propagation.extract(active, request.headers) : active;
    const method = request.method;
    const scheme = request.protocol ?? "http";
    const version = request.raw.httpVersion ?? "1.1";
    // The span's attributes and the metric's are separate objects: the span keeps its own.
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_URL_SCHEME]: scheme,
      [ATTR_NETWORK_PROTOCOL_VERSION]: version,
    };
    const spanAttributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_URL_SCHEME]: scheme,
      [ATTR_NETWORK_PROTOCOL_VERSION]: version,
      [ATTR_URL_PATH]: pathOf(request.url),
    };
    if (route !== undefined) {
      attributes[ATTR_HTTP_ROUTE] = route;
      spanAttributes[ATTR_HTTP_ROUTE] = route;
    }
    const span = tracer.startSpan(
      route === undefined ? method : `${method} ${route}`,
      { kind: SpanKind.SERVER, attributes: spanAttributes },
      parent,
    );
    const own: Traced = {
      span,
      context: trace.setSpan(parent, span),
      start: performance.now(),
      attributes,
      failed: false,
    };
    slot(request)[tracedKey] = own;
    return own;
  };

  const onRequest = (request: Request, _reply: Reply, done: Done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && ignoredRoutes.has(route)) {
      done();
      return;
    }
    const active = context.active();
    const metadata = getRPCMetadata(active);
    if (metadata?.type === RPCType.HTTP) {
      if (route !== undefined) metadata.route = route;
      done();
      return;
    }
    context.with(startRequest(request, route, active).context, done);
  };

  const onResponse = (request: Request, reply: Reply, done: Done) => {
    const own = slot(request)[tracedKey];
    if (own !== undefined) {
      slot(request)[tracedKey] = undefined;
      endRequest(own, reply.statusCode);
    }
    done();
  };

  const endRequest = ({ span, start, attributes, failed }: Traced, status: number) => {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
    if (status >= 500) {
      attributes[ATTR_ERROR_TYPE] = String(status);
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      // An error's own status has its message; a bare 5xx gets the bare status.
      if (!failed) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
    duration.record((performance.now() - start) / 1000, attributes);
  };

  const onError = (request: Request, _reply: Reply, error: Error, done: Done) => {
    const own = slot(request)[tracedKey];
    // The request's own span, or the HTTP server span it runs in.
    const span = own?.span ?? trace.getSpan(context.active());
    span?.recordException(error);
    if (own !== undefined) {
      own.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      own.failed = true;
    }
    done();
  };

  const onInstance = (message: unknown) => {
    const { fastify } = message as { fastify: Instance };
    fastify.addHook("onRequest", onRequest);
    fastify.addHook("onResponse", onResponse);
    fastify.addHook("onError", onError);
  };
  subscribe(channel, onInstance);
  return () => {
    unsubscribe(channel, onInstance);
  };
}
