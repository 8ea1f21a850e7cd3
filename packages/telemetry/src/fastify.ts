import { subscribe, unsubscribe } from "node:diagnostics_channel";
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from "@opentelemetry/api";
import { getRPCMetadata, RPCType } from "@opentelemetry/core";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from "@opentelemetry/semantic-conventions";

/**
 * Fastify's routes in traces and metrics. Under the HTTP instrumentation, each request's server
 * span already exists: it only needs its route, which the instrumentation then puts in the span's
 * name (`GET /users/:id`), its `http.route` and the `http.server.request.duration` point. Without
 * one (`app.inject()` in a service's tests) the request gets a server span of its own.
 *
 * Fastify announces each new instance on the `fastify.initialization` diagnostics channel, so
 * nothing is patched and Fastify is the application's own, never a dependency of the preset.
 */

/** What the hooks read of Fastify's request and reply. */
interface Request {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  routeOptions: { url?: string | undefined };
}
interface Reply {
  statusCode: number;
}
type Done = () => void;
interface Instance {
  addHook(name: "onRequest" | "onResponse", hook: (r: Request, p: Reply, d: Done) => void): void;
  addHook(name: "onError", hook: (r: Request, p: Reply, e: Error, d: Done) => void): void;
}

const channel = "fastify.initialization";

/** Starts naming the requests of every Fastify instance created from now on; returns the stop. */
export function instrumentFastify(ignoredRoutes: ReadonlySet<string>): () => void {
  const spans = new WeakMap<Request, Span>();
  const failed = new WeakSet<Request>();
  const tracer = trace.getTracer("@paved/telemetry/fastify");

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
    const parent =
      trace.getSpan(active) === undefined ? propagation.extract(active, request.headers) : active;
    const span = tracer.startSpan(
      route === undefined ? request.method : `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_URL_PATH]: request.url.split("?")[0],
          ...(route === undefined ? {} : { [ATTR_HTTP_ROUTE]: route }),
        },
      },
      parent,
    );
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  };

  const onResponse = (request: Request, reply: Reply, done: Done) => {
    const span = spans.get(request);
    if (span !== undefined) {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
      // An error's own status has its message; a bare 5xx gets the bare status.
      if (reply.statusCode >= 500 && !failed.has(request))
        span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      spans.delete(request);
    }
    done();
  };

  const onError = (request: Request, _reply: Reply, error: Error, done: Done) => {
    // The request's own span, or the HTTP server span it runs in.
    const span = spans.get(request) ?? trace.getSpan(context.active());
    span?.recordException(error);
    if (spans.has(request)) {
      span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      failed.add(request);
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
