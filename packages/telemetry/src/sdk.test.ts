import { Writable } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "./logger.js";
import { startTelemetry } from "./sdk.js";

describe("startTelemetry", () => {
  const dir = vi.spyOn(console, "dir").mockImplementation(() => undefined);
  afterAll(() => {
    dir.mockRestore();
  });

  it("makes and exports a record logged just before shutdown, though records are deferred", async () => {
    const telemetry = startTelemetry({
      env: {
        OTEL_SERVICE_NAME: "deferred",
        OTEL_TRACES_EXPORTER: "none",
        OTEL_METRICS_EXPORTER: "none",
        OTEL_LOGS_EXPORTER: "console",
      },
      instrument: false,
      write: () => undefined,
    });
    const logger = createLogger({
      destination: new Writable({
        write(_chunk, _encoding, done) {
          done();
        },
      }),
    });
    logger.warn({ order: 7 }, "last words");
    // No turn of the event loop between the log and the shutdown.
    expect(await telemetry.shutdown()).toBe(true);
    const exported = dir.mock.calls.map(([record]) => record as { body?: unknown });
    expect(exported).toEqual([
      expect.objectContaining({
        body: "last words",
        severityText: "WARN",
        attributes: { order: 7 },
      }),
    ]);
  });
});
