// Requests per second of one Fastify service with and without the telemetry preset, in the
// same run.
//
//   node tools/bench/telemetry.mjs [--runs N] [--duration S] [--connections C]
//
// The service is the telemetry package's test fixture (Fastify 5, ESM, pino through
// createLogger), measured on two routes:
//   /users/42      the least a route can do: log a line, answer a small object (the worst case
//                  for any instrumentation, which costs the same per request whatever the work)
//   /orders/42     shaped like a real one: wait 2 ms on a call, log a line, answer 20 rows
// Two variants:
//   without   node main.mjs                                       (plain pino, no SDK)
//   with      node --import @paved/telemetry/register main.mjs    (traces, metrics and logs
//             exported over OTLP/protobuf to a collector stand-in that answers 200 at once)
// Each run starts both, alternating which goes first, warms each up for 2 s, then measures it
// with autocannon (C connections, S seconds, keep-alive). It reports the median requests per
// second of each, the overhead (1 - with/without) of the medians, and the per-run ratios.
//
// It builds @paved/telemetry first (Nx's cache makes that instant when nothing changed), so it
// measures the source as it is, from a fresh clone too: run it through ./dev exec, which
// installs the dependencies and puts pnpm on PATH.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./median.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    duration: { type: "string", default: "8" },
    connections: { type: "string", default: "10" },
  },
});
const runs = Number(values.runs);
const root = join(import.meta.dirname, "..", "..");
const telemetryRoot = join(root, "packages", "telemetry");
const fixture = join(telemetryRoot, "src", "__fixtures__", "service", "main.mjs");
const autocannon = join(root, "node_modules", "autocannon", "autocannon.js");

const build = spawnSync("pnpm", ["exec", "nx", "run", "@paved/telemetry:build"], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
});
if (build.status !== 0) {
  process.stderr.write(
    build.error === undefined
      ? "telemetry bench: building @paved/telemetry failed (see above); fix it, then run again.\n"
      : "telemetry bench: pnpm is not on PATH; run it as ./dev exec node tools/bench/telemetry.mjs.\n",
  );
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** A collector stand-in in its own process: reads each export, answers 200 with no body. */
async function startSink() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q, r) => { q.resume(); q.on("end", () => r.writeHead(200, { "content-type": "application/x-protobuf" }).end()); }).listen(${port}, "127.0.0.1", () => console.log("up"));`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise((resolve) => child.stdout.once("data", resolve));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGKILL") };
}

async function startService(variant, collector) {
  const port = await freePort();
  const args = variant === "with" ? ["--import", "@paved/telemetry/register", fixture] : [fixture];
  const child = spawn(process.execPath, args, {
    cwd: telemetryRoot,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_METRIC_EXPORT_INTERVAL: "5000",
    },
    // The JSON log lines go nowhere, for both variants alike.
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      if (attempt > 200) throw new Error(`the ${variant} service did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { url, stop: () => child.kill("SIGKILL") };
}

const routes = ["/users/42", "/orders/42"];

/** autocannon in its own process; its JSON result's mean requests per second. */
function load(url, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [autocannon, "-j", "-c", values.connections, "-d", String(seconds), url],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      const result = JSON.parse(out);
      if (result.non2xx > 0 || result.errors > 0) reject(new Error("requests failed"));
      resolve(result.requests.average);
    });
  });
}

const collector = await startSink();
const results = Object.fromEntries(
  routes.map((route) => [route, { without: [], with: [], ratios: [] }]),
);
try {
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? ["without", "with"] : ["with", "without"];
    const measured = Object.fromEntries(routes.map((route) => [route, {}]));
    for (const variant of order) {
      const service = await startService(variant, collector);
      try {
        for (const route of routes) {
          await load(`${service.url}${route}`, 2);
          measured[route][variant] = await load(`${service.url}${route}`, Number(values.duration));
        }
      } finally {
        service.stop();
      }
    }
    for (const route of routes) {
      const { without, with: withPreset } = measured[route];
      results[route].without.push(without);
      results[route].with.push(withPreset);
      results[route].ratios.push(withPreset / without);
      process.stderr.write(
        `run ${run + 1} ${route}: without ${without.toFixed(0)} req/s, with ${withPreset.toFixed(0)} req/s\n`,
      );
    }
  }
} finally {
  collector.stop();
}
const report = {
  runs,
  connections: Number(values.connections),
  seconds: Number(values.duration),
  routes: Object.fromEntries(
    routes.map((route) => {
      const { without, with: withPreset, ratios } = results[route];
      return [
        route,
        {
          medianRequestsPerSecond: {
            without: Math.round(median(without)),
            with: Math.round(median(withPreset)),
          },
          overhead: Number((1 - median(withPreset) / median(without)).toFixed(3)),
          pairedRatios: ratios.map((ratio) => Number(ratio.toFixed(3))),
          medianPairedRatio: Number(median(ratios).toFixed(3)),
        },
      ];
    }),
  ),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
