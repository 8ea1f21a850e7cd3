import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "./receiver.js";
import {
  fixtureService,
  packageRoot,
  startDownstream,
  startService,
} from "./testing-support/service.js";

// End to end: the fixture service runs under `node --import @paved/telemetry/register`, with a
// real OTLP/HTTP receiver on loopback and a real downstream server.

const fast = {
  OTEL_BSP_SCHEDULE_DELAY: "100",
  OTEL_BLRP_SCHEDULE_DELAY: "100",
  OTEL_METRIC_EXPORT_INTERVAL: "300",
};

let receiver: Receiver;
let downstream: { url: string; close(): Promise<void> };
beforeAll(async () => {
  receiver = await startReceiver();
  downstream = await startDownstream();
});
afterAll(async () => {
  await receiver.close();
  await downstream.close();
});

const dropped = /Dropped \d+ spans because maxQueueSize reached/;

/** OTLP span kinds. */
const SERVER = 2;
const CLIENT = 3;

describe("node --import @paved/telemetry/register", () => {
  it("exports a server span per request with its route, child spans for outgoing calls, metrics and correlated logs", async () => {
    const service = await startService({
      ...fast,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      DOWNSTREAM: downstream.url,
    });
    try {
      for (const id of ["1", "2", "3"])
        expect((await service.get(`/users/${id}`)).status).toBe(200);
      expect((await service.get("/fetch")).status).toBe(200);
      expect((await service.get("/healthz")).status).toBe(200);

      const servers = () =>
        receiver.spans.filter(
          (span) => span.kind === SERVER && span.attributes["http.route"] !== undefined,
        );
      await receiver.waitFor(() => servers().length >= 4);
      const users = servers().filter((span) => span.attributes["http.route"] === "/users/:id");
      expect(users).toHaveLength(3);
      for (const span of users) {
        expect(span.name).toBe("GET /users/:id");
        expect(span.attributes["http.response.status_code"]).toBe(200);
        expect(span.resource["service.name"]).toBe("fixture-service");
        expect(span.resource["service.version"]).toBe("1.2.3");
      }
      // The outgoing call through node:http, imported as ESM, is a child of the request.
      const first = users[0];
      const inTrace = receiver.spans.filter((span) => span.traceId === first?.traceId);
      const client = inTrace.find(
        (span) => span.kind === CLIENT && String(span.attributes["url.full"]).includes("/profile/"),
      );
      expect(client?.scope).toBe("@opentelemetry/instrumentation-http");
      const ancestors = (spanId: string): string[] => {
        const span = inTrace.find((each) => each.spanId === spanId);
        return span === undefined || span.parentSpanId === ""
          ? []
          : [span.parentSpanId, ...ancestors(span.parentSpanId)];
      };
      expect(ancestors(client?.spanId ?? "")).toContain(first?.spanId);
      // One server span per request: Fastify's hooks', named by its route.
      expect(inTrace.filter((span) => span.kind === SERVER)).toHaveLength(1);
      expect(first?.scope).toBe("@paved/telemetry/fastify");
      expect(inTrace.filter((span) => span.kind === 1)).toEqual([]);
      // fetch (undici) is traced as well.
      const fetchServer = servers().find((span) => span.attributes["http.route"] === "/fetch");
      expect(
        receiver.spans.some(
          (span) =>
            span.traceId === fetchServer?.traceId &&
            span.kind === CLIENT &&
            span.scope === "@opentelemetry/instrumentation-undici",
        ),
      ).toBe(true);
      // Health checks are not traced.
      expect(
        receiver.spans.filter(
          (span) =>
            span.attributes["http.route"] === "/healthz" ||
            span.attributes["url.path"] === "/healthz",
        ),
      ).toEqual([]);

      // Request durations per route.
      await receiver.waitFor(() =>
        receiver.metrics.some(
          (metric) =>
            metric.name === "http.server.request.duration" &&
            metric.points.some(
              (point) => point.attributes["http.route"] === "/users/:id" && (point.count ?? 0) >= 3,
            ),
        ),
      );
      const duration = receiver.metrics.find(
        (metric) => metric.name === "http.server.request.duration",
      );
      expect(duration?.unit).toBe("s");
      expect(duration?.resource["service.name"]).toBe("fixture-service");

      // Log records carry the request's trace, in the JSON lines and over OTLP.
      await receiver.waitFor(() =>
        receiver.logs.some((record) => record.body === "looking up user"),
      );
      const logged = receiver.logs.filter((record) => record.body === "looking up user");
      const traceIds = new Set(users.map((span) => span.traceId));
      for (const record of logged) {
        expect(traceIds.has(record.traceId)).toBe(true);
        expect(record.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(record.severityText).toBe("INFO");
        expect(record.attributes["user"]).toMatch(/^[123]$/);
      }
      const lines = service
        .stdout()
        .split("\n")
        .filter((line) => line.includes("looking up user"))
        .map((line) => JSON.parse(line) as { trace_id?: string; span_id?: string });
      expect(lines).toHaveLength(3);
      for (const line of lines) expect(traceIds.has(line.trace_id ?? "")).toBe(true);
      expect(service.stderr()).toBe("");
    } finally {
      await service.stop();
    }
  });

  it("keeps a request whose body arrives later in its trace: the handler's logs carry it", async () => {
    const service = await startService({ ...fast, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    try {
      // The headers first, the body 100 ms later: it reaches the service in a later packet.
      const answer = await new Promise<string>((resolve, reject) => {
        const outgoing = request(
          `${service.url}/orders`,
          { method: "POST", headers: { "content-type": "application/json" } },
          (response) => {
            let body = "";
            response.on("data", (chunk: Buffer) => (body += chunk.toString()));
            response.on("end", () => {
              resolve(body);
            });
          },
        );
        outgoing.on("error", reject);
        outgoing.flushHeaders();
        setTimeout(() => outgoing.end(JSON.stringify({ items: ["a", "b"] })), 100);
      });
      expect(JSON.parse(answer)).toEqual({ placed: 2 });
      const placed = () => receiver.logs.find((record) => record.body === "placing order");
      const post = () =>
        receiver.spans.find((span) => span.kind === SERVER && span.name === "POST /orders");
      await receiver.waitFor(() => placed() !== undefined && post() !== undefined);
      expect(placed()?.traceId).toBe(post()?.traceId);
      const line = service
        .stdout()
        .split("\n")
        .find((each) => each.includes("placing order"));
      expect((JSON.parse(line ?? "{}") as { trace_id?: string }).trace_id).toBe(post()?.traceId);
    } finally {
      await service.stop();
    }
  });

  it("traces incoming requests through the HTTP instrumentation with PAVED_TELEMETRY_HTTP_SERVER_SPANS=true, still one server span named by the route", async () => {
    const collector = await startReceiver();
    const service = await startService({
      ...fast,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      PAVED_TELEMETRY_HTTP_SERVER_SPANS: "true",
    });
    try {
      expect((await service.get("/users/5")).status).toBe(200);
      const servers = () => collector.spans.filter((span) => span.kind === SERVER);
      await collector.waitFor(() => servers().length > 0);
      await service.stop();
      expect(servers()).toHaveLength(1);
      expect(servers()[0]?.scope).toBe("@opentelemetry/instrumentation-http");
      expect(servers()[0]?.name).toBe("GET /users/:id");
      expect(servers()[0]?.attributes["http.route"]).toBe("/users/:id");
    } finally {
      await service.stop();
      await collector.close();
    }
  });

  it("honours the protocol and headers variables: OTLP/JSON with the headers asked for", async () => {
    const collector = await startReceiver();
    const service = await startService({
      ...fast,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_HEADERS: "x-tenant=acme,authorization=Bearer%20t0ken",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
    });
    try {
      expect((await service.get("/users/9")).status).toBe(200);
      await collector.waitFor(() => collector.json.some((entry) => entry.path === "/v1/traces"));
      const traces = collector.json.filter((entry) => entry.path === "/v1/traces");
      expect(traces[0]?.headers["x-tenant"]).toBe("acme");
      expect(traces[0]?.headers.authorization).toBe("Bearer t0ken");
      expect(JSON.stringify(traces.map((entry) => entry.body))).toContain('"GET /users/:id"');
      // The receiver decodes OTLP/JSON as it does protobuf.
      expect(collector.spans.map((span) => [span.name, span.attributes["url.path"]])).toEqual([
        ["GET /users/:id", "/users/9"],
      ]);
    } finally {
      await service.stop();
      await collector.close();
    }
  });

  it("instruments ESM imports only because of its module hook: a bare --import of an SDK misses them", async () => {
    // The control: the same SDK started from a plain --import, with no module hook.
    const bare = join(mkdtempSync(join(tmpdir(), "paved-bare-")), "start.mjs");
    const sdk = pathToFileURL(join(packageRoot, "dist", "sdk.js")).href;
    writeFileSync(
      bare,
      `import { startTelemetry } from ${JSON.stringify(sdk)};\nstartTelemetry();\n`,
    );
    const control = await startReceiver();
    const service = await startService(
      { ...fast, OTEL_EXPORTER_OTLP_ENDPOINT: control.url, DOWNSTREAM: downstream.url },
      [bare],
    );
    try {
      expect((await service.get("/users/7")).status).toBe(200);
      // The request is traced (Fastify reports through a diagnostics channel, and its own
      // require("http") is patched the CommonJS way)...
      await control.waitFor(() =>
        control.spans.some(
          (span) => span.kind === SERVER && span.attributes["http.route"] === "/users/:id",
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      // ...but the service's own `import { request } from "node:http"` was never patched.
      expect(control.spans.filter((span) => span.kind === CLIENT)).toEqual([]);
    } finally {
      await service.stop();
      await control.close();
    }
  });

  it("flushes buffered spans and log records on SIGTERM, then ends as the signal would", async () => {
    const service = await startService({
      OTEL_BSP_SCHEDULE_DELAY: "600000",
      OTEL_BLRP_SCHEDULE_DELAY: "600000",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    const spansBefore = receiver.spans.length;
    const logsBefore = receiver.logs.length;
    expect((await service.get("/users/sigterm")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Buffered: the batches are not due for ten minutes.
    expect(receiver.spans.length).toBe(spansBefore);
    expect(receiver.logs.length).toBe(logsBefore);
    service.child.kill("SIGTERM");
    expect(await service.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(
      receiver.spans.some((span) => String(span.attributes["url.path"]) === "/users/sigterm"),
    ).toBe(true);
    expect(
      receiver.logs.some(
        (record) => record.body === "looking up user" && record.attributes["user"] === "sigterm",
      ),
    ).toBe(true);
  });

  it("lets an application that handles its own signals flush with shutdownTelemetry()", async () => {
    const service = await startService({
      OTEL_BSP_SCHEDULE_DELAY: "600000",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      FIXTURE_OWN_SIGNALS: "1",
    });
    expect((await service.get("/users/own")).status).toBe(200);
    service.child.kill("SIGTERM");
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.stdout()).toContain('{"flushed":true}');
    expect(
      receiver.spans.some((span) => String(span.attributes["url.path"]) === "/users/own"),
    ).toBe(true);
  });
});

describe("faults", () => {
  it.each([
    ["stops mid-run", "stop"],
    ["answers 503", "error"],
    ["answers late", "slow"],
  ] as const)(
    "serves every request when the collector %s, and says so once per signal",
    async (_name, fault) => {
      const collector = await startReceiver();
      const service = await startService({
        ...fast,
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_TIMEOUT: "1000",
        OTEL_BSP_MAX_QUEUE_SIZE: "64",
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "32",
      });
      try {
        for (let i = 0; i < 10; i++)
          expect((await service.get(`/users/${String(i)}`)).status).toBe(200);
        await collector.waitFor(() => collector.spans.length > 0);
        if (fault === "stop") await collector.close();
        else collector.setMode(fault, 5000);
        // Several export rounds while the collector is failing; every request is served.
        const statuses: number[] = [];
        const deadline = Date.now() + 3000;
        while (Date.now() < deadline)
          statuses.push(
            ...(await Promise.all(
              [1, 2, 3, 4, 5].map(async (i) => (await service.get(`/users/${String(i)}`)).status),
            )),
          );
        expect(statuses.length).toBeGreaterThan(50);
        expect(new Set(statuses)).toEqual(new Set([200]));
        const stderr = service.stderr();
        // One line per failing signal, however many exports failed (a late answer fails by
        // the exporter's 1 s timeout).
        const traces = stderr.split("\n").filter((line) => line.includes("cannot export traces"));
        expect(traces).toHaveLength(1);
        expect(traces[0]).toContain(`${collector.url}/v1/traces`);
        for (const signal of ["traces", "metrics", "logs"])
          expect(stderr.split(`cannot export ${signal}`).length - 1).toBeLessThanOrEqual(1);
        // The queue has a limit: spans beyond it are dropped, and that is said once.
        expect(stderr.split("\n").filter((line) => dropped.test(line)).length).toBeLessThanOrEqual(
          1,
        );
      } finally {
        await service.stop();
        if (fault !== "stop") await collector.close();
      }
    },
  );

  it("keeps memory bounded while the collector hangs: the export queue drops, it does not grow", async () => {
    const collector = await startReceiver();
    collector.setMode("slow", 60_000);
    const service = await startService({
      ...fast,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_TIMEOUT: "500",
      OTEL_BSP_MAX_QUEUE_SIZE: "100",
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "50",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
    });
    try {
      // Bursts far beyond the queue, each followed by a pause in which failed exports drain it;
      // the SDK reports the spans it dropped when the next one fits.
      for (let burst = 0; burst < 3; burst++) {
        for (let round = 0; round < 20; round++)
          await Promise.all(
            Array.from({ length: 25 }, (_, i) => service.get(`/users/${String(i)}`)),
          );
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect((await service.get("/users/after")).status).toBe(200);
      }
      // Said once, though spans were dropped in every burst.
      expect(
        service
          .stderr()
          .split("\n")
          .filter((line) => dropped.test(line)),
      ).toHaveLength(1);
    } finally {
      await service.stop();
      await collector.close();
    }
  });

  it("prints a hostile collector's reason phrase escaped, and never the endpoint's secrets", async () => {
    // Answers every export 400 with escape sequences in its reason phrase: clear the screen,
    // retitle the terminal, ring the bell.
    const collector = createServer((socket) => {
      socket.once("data", () => {
        socket.end(
          "HTTP/1.1 400 \u001b[2J\u001b]0;owned\u0007Bad\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const { port } = collector.address() as { port: number };
    const service = await startService({
      ...fast,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://deploy:s3cret@127.0.0.1:${String(port)}/?token=s3cret`,
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
    });
    try {
      expect((await service.get("/users/1")).status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (!service.stderr().includes("cannot export traces") && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const stderr = service.stderr();
      expect(stderr).toContain(
        `cannot export traces to http://***@127.0.0.1:${String(port)}/v1/traces?token=*** (\\u001b[2J\\u001b]0;owned\\u0007Bad).`,
      );
      // eslint-disable-next-line no-control-regex -- what must not reach the terminal
      expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(stderr).not.toContain("s3cret");
    } finally {
      await service.stop();
      await new Promise((resolve) => collector.close(resolve));
    }
  });

  it("warns about bad OTEL_* values, names them, and serves with the defaults", async () => {
    const service = await startService({
      OTEL_TRACES_SAMPLER: "sometimes",
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_BSP_SCHEDULE_DELAY: "soon",
      OTEL_EXPORTER_OTLP_ENDPOINT: "not a url",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
    });
    try {
      expect((await service.get("/users/1")).status).toBe(200);
      const stderr = service.stderr();
      expect(stderr).toContain('OTEL_TRACES_SAMPLER="sometimes" is not a sampler');
      expect(stderr).toContain('OTEL_EXPORTER_OTLP_PROTOCOL="grpc" asks for gRPC');
      expect(stderr).toContain('OTEL_BSP_SCHEDULE_DELAY="soon" is not a duration');
      expect(stderr).toContain('OTEL_EXPORTER_OTLP_ENDPOINT="not a url" is not an http(s) URL');
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await service.stop();
    }
  });

  it("starts nothing with OTEL_SDK_DISABLED=true", async () => {
    const collector = await startReceiver();
    const service = await startService({
      ...fast,
      OTEL_SDK_DISABLED: "true",
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    });
    try {
      expect((await service.get("/users/1")).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(collector.requests.size).toBe(0);
      expect(service.stdout()).not.toContain("trace_id");
    } finally {
      await service.stop();
      await collector.close();
    }
  });
});

/** A loopback port with nothing listening on it: connections to it are refused. */
async function refusingPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A collector that accepts connections and never answers. */
async function hangingCollector(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${String(port)}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

describe("shutdown", () => {
  it.each([
    ["the preset handles SIGTERM", {}, { code: null, signal: "SIGTERM" }],
    ["the application handles SIGTERM", { FIXTURE_OWN_SIGNALS: "1" }, { code: 0, signal: null }],
  ])(
    "ends within 1 s when the collector refuses connections (%s), naming it without its credentials",
    async (_name, own, exit) => {
      const port = String(await refusingPort());
      const service = await startService({
        ...own,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://deploy:s3cret@127.0.0.1:${port}`,
      });
      expect((await service.get("/users/1")).status).toBe(200);
      const start = Date.now();
      service.child.kill("SIGTERM");
      expect(await service.exited).toEqual(exit);
      expect(Date.now() - start).toBeLessThan(1000);
      const stderr = service.stderr();
      expect(stderr).toContain(
        `the collector refuses connections (ECONNREFUSED); the metrics not yet exported to http://***@127.0.0.1:${port}/v1/metrics are dropped.`,
      );
      expect(stderr).not.toContain("s3cret");
    },
  );

  it("ends within its timeout when the collector hangs, naming what did not finish", async () => {
    const collector = await hangingCollector();
    const service = await startService({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      PAVED_TELEMETRY_SHUTDOWN_TIMEOUT: "1500",
      FIXTURE_OWN_SIGNALS: "1",
    });
    try {
      expect((await service.get("/users/1")).status).toBe(200);
      const start = Date.now();
      service.child.kill("SIGTERM");
      expect(await service.exited).toEqual({ code: 0, signal: null });
      const took = Date.now() - start;
      expect(took).toBeGreaterThanOrEqual(1400);
      expect(took).toBeLessThan(2500);
      expect(service.stdout()).toContain('{"flushed":false}');
      expect(service.stderr()).toContain(
        `shutting down: exporting metrics to ${collector.url}/v1/metrics did not finish within 1500 ms; what was not exported by then is dropped.`,
      );
    } finally {
      await service.stop();
      await collector.close();
    }
  });

  it("takes the defaults for durations setTimeout cannot keep, instead of exporting every millisecond", async () => {
    const collector = await startReceiver();
    const service = await startService({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_METRIC_EXPORT_INTERVAL: "99999999999",
      OTEL_BSP_SCHEDULE_DELAY: "99999999999",
      OTEL_BLRP_SCHEDULE_DELAY: "99999999999",
    });
    try {
      expect((await service.get("/users/1")).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // With Node's 1 ms in place of the interval, this was thousands of posts.
      expect(collector.requests.get("/v1/metrics") ?? 0).toBe(0);
      expect(collector.requests.get("/v1/logs") ?? 0).toBeLessThanOrEqual(1);
      expect(service.stderr()).toContain(
        'OTEL_METRIC_EXPORT_INTERVAL="99999999999" is not a duration from 1 to 2147483647 ms; using 60000 ms.',
      );
    } finally {
      await service.stop();
      await collector.close();
    }
  });
});

describe("the exporters' own traffic", () => {
  it("is neither traced nor counted as the service's outgoing requests", async () => {
    const collector = await startReceiver();
    const service = await startService({
      ...fast,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      DOWNSTREAM: downstream.url,
    });
    const collectorPort = Number(new URL(collector.url).port);
    const downstreamPort = Number(new URL(downstream.url).port);
    try {
      expect((await service.get("/users/1")).status).toBe(200);
      const clientDurations = () =>
        collector.metrics
          .filter((metric) => metric.name === "http.client.request.duration")
          .flatMap((metric) => metric.points);
      // Several rounds of exports, and the service's own call counted.
      await collector.waitFor(
        () =>
          (collector.requests.get("/v1/metrics") ?? 0) >= 3 &&
          clientDurations().some((point) => point.attributes["server.port"] === downstreamPort),
      );
      expect(
        clientDurations().filter((point) => point.attributes["server.port"] === collectorPort),
      ).toEqual([]);
      const clients = collector.spans.filter((span) => span.kind === CLIENT);
      expect(clients.length).toBeGreaterThan(0);
      expect(clients.filter((span) => span.attributes["server.port"] === collectorPort)).toEqual(
        [],
      );
    } finally {
      await service.stop();
      await collector.close();
    }
  });
});

// A new PID namespace (user namespace too, so no root is needed) where node is PID 1. Where
// unprivileged user namespaces are not allowed (Ubuntu 24.04's AppArmor default) it cannot be made.
const pidNamespace = ["unshare", "--user", "--map-root-user", "--pid", "--fork", "--kill-child"];
const canMakePidNamespace =
  spawnSync(pidNamespace[0] ?? "", [...pidNamespace.slice(1), "true"]).status === 0;

describe("signals where they would be ignored", () => {
  it.runIf(canMakePidNamespace)(
    "ends PID 1 of a container on SIGTERM, with the exit status a shell would report",
    async () => {
      // A new PID namespace (user namespace too, so no root is needed): node runs as PID 1, for
      // which the kernel ignores a signal that has no handler, as in `CMD ["node", …]`.
      const service = await startService(
        {
          OTEL_TRACES_EXPORTER: "none",
          OTEL_METRICS_EXPORTER: "none",
          OTEL_LOGS_EXPORTER: "none",
        },
        undefined,
        pidNamespace,
      );
      try {
        expect((await service.get("/users/1")).status).toBe(200);
        const children = readFileSync(
          `/proc/${String(service.child.pid)}/task/${String(service.child.pid)}/children`,
          "utf8",
        );
        const node = Number(children.trim().split(" ")[0]);
        process.kill(node, "SIGTERM");
        // unshare exits as its child did.
        expect(await service.exited).toEqual({ code: 128 + 15, signal: null });
      } finally {
        await service.stop();
      }
    },
  );
});

/** Whether a process of this id is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the generated service's start script", () => {
  it("stops the service's node, not only pnpm, when `pnpm start` gets SIGTERM", async () => {
    const template = readFileSync(
      join(packageRoot, "..", "..", "templates", "service", "package.json.hbs"),
      "utf8",
    );
    const start = JSON.parse(
      /"start":\s*("(?:[^"\\]|\\.)*")/.exec(template)?.[1] ?? '""',
    ) as string;
    expect(start).toContain("--import @paved/telemetry/register dist/main.js");
    // A package with the template's start script, and the fixture service as its dist/main.js.
    const dir = mkdtempSync(join(tmpdir(), "paved-start-"));
    mkdirSync(join(dir, "dist"));
    mkdirSync(join(dir, "node_modules", "@paved"), { recursive: true });
    symlinkSync(packageRoot, join(dir, "node_modules", "@paved", "telemetry"), "dir");
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "start-script", private: true, type: "module", scripts: { start } }),
    );
    writeFileSync(
      join(dir, "dist", "main.js"),
      `process.stdout.write(JSON.stringify({ pid: process.pid }) + "\\n");\nawait import(${JSON.stringify(pathToFileURL(fixtureService).href)});\n`,
    );
    const pnpm = spawn("pnpm", ["start"], {
      cwd: dir,
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: process.env["HOME"] ?? dir,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        FIXTURE_OWN_SIGNALS: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    pnpm.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    pnpm.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    // Every writer of the pipe gone: pnpm, any shell between, and node.
    const closed = new Promise((resolve) => pnpm.stdout.once("close", resolve));
    let node = 0;
    try {
      await receiver.waitFor(() => out.includes('{"listening":'));
      node = Number(/\{"pid":(\d+)\}/.exec(out)?.[1]);
      pnpm.kill("SIGTERM");
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
      expect(alive(node), out).toBe(false);
      // It ended as the application ends itself: server closed, telemetry flushed.
      expect(out).toContain('{"flushed":true}');
    } finally {
      if (node > 0 && alive(node)) process.kill(node, "SIGKILL");
      pnpm.kill("SIGKILL");
    }
  });
});
