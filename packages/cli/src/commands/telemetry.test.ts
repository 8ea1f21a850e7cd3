import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTelemetryCommand, type TailIo } from "./telemetry.js";

const packageRoot = join(import.meta.dirname, "..", "..");
const bin = join(packageRoot, "dist", "bundle", "paved.mjs");
const fixture = join(import.meta.dirname, "__fixtures__", "telemetry-service", "main.mjs");

/** The tail, in process, until `stop()`: what it wrote, and where it listens. */
async function startTail(argv: string[]) {
  let out = "";
  let notes = "";
  let stop: (value?: unknown) => void = () => undefined;
  const io: TailIo = {
    write: (text) => (out += text),
    note: (text) => (notes += text),
    stopped: new Promise((resolve) => (stop = resolve)),
  };
  const done = runTelemetryCommand(argv, io);
  const url = await until(() => /listening on (http:\/\/\S+);/.exec(notes)?.[1], 10_000);
  return {
    url,
    out: () => out,
    stop: () => {
      stop();
      return done;
    },
  };
}

/** Polls `value` until it is defined. */
async function until<T>(value: () => T | undefined, timeoutMillis = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const current = value();
    if (current !== undefined) return current;
    if (Date.now() - start > timeoutMillis) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The fixture service, exporting to `endpoint`; resolves once it listens. */
async function startService(endpoint: string, env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "@paved/telemetry/register", fixture],
    {
      cwd: packageRoot,
      env: {
        PATH: process.env["PATH"] ?? "",
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_BSP_SCHEDULE_DELAY: "100",
        OTEL_BLRP_SCHEDULE_DELAY: "100",
        OTEL_METRIC_EXPORT_INTERVAL: "300",
        PAVED_TELEMETRY_HTTP_SERVER_SPANS: "true",
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const port = await until(() => /\{"listening":(\d+)\}/.exec(stdout)?.[1]);
  return {
    get: (path: string, body?: string) =>
      fetch(`http://127.0.0.1:${port}${path}`, body === undefined ? {} : { method: "POST", body }),
    stdout: () => stdout,
    stop: () => {
      child.kill("SIGKILL");
    },
  };
}

describe("paved telemetry tail", () => {
  it("prints a real service's spans, metrics and logs as they arrive, in protobuf and gzipped JSON, escapes and all", async () => {
    const tail = await startTail(["tail", "--port", "0"]);
    const protobuf = await startService(tail.url);
    const json = await startService(tail.url, {
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
    });
    try {
      await protobuf.get("/orders/7");
      // A body with escape sequences: clear the screen, and a fake line of its own.
      await json.get("/notes", "\u001b[2J\nspan    forged");
      const lines = () => tail.out().split("\n");
      const has = (pattern: RegExp) => lines().find((line) => pattern.test(line));
      // Each service's log is waited for: the two export on their own schedules, and under load
      // the JSON service's can arrive before the protobuf one's.
      await until(
        () =>
          has(/^span .*url\.path=\/orders\/7/) &&
          has(/^log .*path=\/orders\/7/) &&
          has(/^log .*path=\/notes/),
      );
      await until(() => has(/^metric .*http\.server\.request\.duration .*count 1/));

      const span = has(/^span .*url\.path=\/orders\/7/) ?? "";
      expect(span).toMatch(
        /^span {4}tail-fixture {2}GET {2}server {2}\d+\.\d ms {2}trace [0-9a-f]{32}/,
      );
      const traceId = /trace ([0-9a-f]{32})/.exec(span)?.[1];
      // The log line of that request, in its trace, with the same id as the JSON line.
      const log = has(/^log .*path=\/orders\/7/) ?? "";
      expect(log).toContain(`INFO  answering  trace ${traceId ?? "?"}`);
      expect(protobuf.stdout()).toContain(`"trace_id":"${traceId ?? "?"}"`);
      // What came off the wire reached the terminal escaped: no ESC, no line of its own.
      expect(tail.out()).not.toContain("\u001b");
      expect(has(/^log .*path=\/notes body=\\u001b\[2J ↵ span {4}forged/)).toBeDefined();
      expect(has(/^span {4}forged/)).toBeUndefined();
      // Metrics are exported every 300 ms; a point is printed again only when it changed.
      const metricLines = () => lines().filter((line) => line.startsWith("metric"));
      // One series per service: the GET's and the POST's.
      await until(() => (metricLines().length >= 2 ? true : undefined));
      const before = metricLines().length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(metricLines()).toHaveLength(before);
    } finally {
      protobuf.stop();
      json.stop();
    }
    const stopped = await tail.stop();
    expect(stopped.exitCode).toBe(0);
    expect(stopped.stderr).toMatch(/stopped after [1-9]\d* spans/);
  });

  it("says why it cannot start: a port in use, a bad port, a subcommand it does not have", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    const never = new Promise(() => undefined);
    const io: TailIo = { write: () => undefined, note: () => undefined, stopped: never };
    try {
      const busy = await runTelemetryCommand(["tail", "--port", String(port)], io);
      expect(busy).toMatchObject({ exitCode: 1, stdout: "" });
      expect(busy.stderr).toBe(
        `paved telemetry: 127.0.0.1:${String(port)} is in use (a collector, or another tail?); pick another with --port.\n`,
      );
    } finally {
      taken.close();
    }
    const bad = await runTelemetryCommand(["tail", "--port", "70000"], io);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--port must be a port from 0 to 65535; got '70000'.");
    expect((await runTelemetryCommand(["follow"], io)).stderr).toContain(
      "the subcommand is tail; got 'follow'.",
    );
    expect((await runTelemetryCommand(["--help"], io)).stdout).toContain(
      "Usage: paved telemetry tail [--port N]",
    );
  });

  it("runs from the CLI and stops cleanly on Ctrl-C", async () => {
    const child = spawn(process.execPath, [bin, "telemetry", "tail", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await until(() => (stderr.includes("listening on") ? true : undefined));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stderr).toContain(
      "paved telemetry tail: stopped after 0 spans, 0 metrics, 0 log records.",
    );
  });
});
