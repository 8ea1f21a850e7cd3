import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { collectorRequests, refusal } from "./collector.js";

describe("collectorRequests", () => {
  const isExport = collectorRequests([
    "http://127.0.0.1:4318/v1/traces",
    "https://[::1]/v1/metrics",
  ]);

  it("recognises the exporters' own posts, default ports and IPv6 brackets included", () => {
    expect(
      isExport({ method: "POST", hostname: "127.0.0.1", port: 4318, path: "/v1/traces" }),
    ).toBe(true);
    expect(
      isExport({ method: "post", host: "127.0.0.1", port: "4318", path: "/v1/traces?x=1" }),
    ).toBe(true);
    expect(
      isExport({ method: "POST", protocol: "https:", hostname: "::1", path: "/v1/metrics" }),
    ).toBe(true);
  });

  it("leaves the service's own traffic alone", () => {
    expect(isExport({ method: "GET", hostname: "127.0.0.1", port: 4318, path: "/v1/traces" })).toBe(
      false,
    );
    expect(isExport({ method: "POST", hostname: "127.0.0.1", port: 4318, path: "/orders" })).toBe(
      false,
    );
    expect(isExport({ method: "POST", hostname: "example.com", path: "/v1/traces" })).toBe(false);
    expect(isExport({})).toBe(false);
  });
});

describe("refusal", () => {
  it("resolves with ECONNREFUSED when nothing listens, and never when something accepts", async () => {
    const closed = createServer();
    const port = await new Promise<number>((resolve) => {
      closed.listen(0, "127.0.0.1", () => {
        const address = closed.address();
        closed.close(() => {
          resolve(typeof address === "object" && address !== null ? address.port : 0);
        });
      });
    });
    expect(await refusal(`http://127.0.0.1:${String(port)}/v1/traces`, 2000)).toBe("ECONNREFUSED");

    const open = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => open.listen(0, "127.0.0.1", resolve));
    const address = open.address();
    const listening = typeof address === "object" && address !== null ? address.port : 0;
    const outcome = await Promise.race([
      refusal(`http://127.0.0.1:${String(listening)}/v1/traces`, 200),
      new Promise((resolve) =>
        setTimeout(() => {
          resolve("still waiting");
        }, 500),
      ),
    ]);
    expect(outcome).toBe("still waiting");
    await new Promise((resolve) => open.close(resolve));
  });
});
