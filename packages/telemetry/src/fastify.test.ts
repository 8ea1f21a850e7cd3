import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { instrumentFastify } from "./fastify.js";
import { createTestTelemetry } from "./testing.js";

const telemetry = createTestTelemetry({ serviceName: "orders" });
afterAll(async () => {
  await telemetry.shutdown();
});

describe("Fastify's hooks", () => {
  it("end every span they start when two instrumentations trace the same app", async () => {
    // The testing entry's instrumentation and a second one: each keeps its own span per request.
    const stop = instrumentFastify(new Set());
    try {
      const app = Fastify();
      app.get("/orders/:id", () => ({ ok: true }));
      for (const id of [1, 2, 3])
        expect((await app.inject({ url: `/orders/${String(id)}` })).statusCode).toBe(200);
      await app.close();
    } finally {
      stop();
    }
    const spans = telemetry.spans().filter((span) => span.name === "GET /orders/:id");
    // Three requests, two server spans each (the second a child of the first), all ended.
    expect(spans).toHaveLength(6);
    const roots = spans.filter((span) => span.parentSpanContext === undefined);
    expect(roots).toHaveLength(3);
    for (const span of spans) {
      expect(span.attributes["http.response.status_code"]).toBe(200);
      expect(span.attributes["url.path"]).toMatch(/^\/orders\/[123]$/);
    }
  });

  it("gives the span the path without its query, the route and the status", async () => {
    telemetry.reset();
    const app = Fastify();
    app.get("/orders/:id", () => ({ ok: true }));
    await app.inject({ url: "/orders/7?expand=lines&x=?" });
    await app.close();
    const [span] = telemetry.spans();
    expect(span?.attributes).toMatchObject({
      "http.request.method": "GET",
      "http.route": "/orders/:id",
      "url.path": "/orders/7",
      "url.scheme": "http",
      "http.response.status_code": 200,
    });
  });
});
