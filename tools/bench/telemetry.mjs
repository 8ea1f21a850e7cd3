// Requests per second of one Fastify service with and without the telemetry preset, in the
// same run.
//
//   node tools/bench/telemetry.mjs [--runs N] [--duration S] [--connections C] [--env K=V]...
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
// --env sets a variable for both variants (OTEL_LOGS_EXPORTER=none switches a part off, to see
// what it costs). --route PATH measures one route only (repeat it for more). --cpu-prof DIR
// also profiles each service (node --cpu-prof, one file per variant and run in DIR) and reports
// each variant's self time by package and function, as shares: they hold under load, where
// absolute times do not (the profiler's own cost lowers the requests per second, so compare
// those from runs without it). Each run starts both, alternating which goes first, warms each up for 2 s, then measures it
// with autocannon (C connections, S seconds, keep-alive). It reports the median requests per
// second of each, the overhead (1 - with/without) of the medians, and the per-run ratios.
// On Linux it also reports the service's CPU time per request (from /proc, user + system) and
// its paired ratio, without/with: on a machine shared with other work, throughput measures the
// neighbours too, while CPU per request is the preset's own cost.
//
// It builds @paved/telemetry first (Nx's cache makes that instant when nothing changed), so it
// measures the source as it is, from a fresh clone too: run it through ./dev exec, which
// installs the dependencies and puts pnpm on PATH.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { summarize } from "./cpu-profile.mjs";
import { median } from "./median.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    duration: { type: "string", default: "8" },
    connections: { type: "string", default: "10" },
    env: { type: "string", multiple: true, default: [] },
    route: { type: "string", multiple: true, default: [] },
    "cpu-prof": { type: "string" },
  },
});
const profileDir = values["cpu-prof"] === undefined ? undefined : resolve(values["cpu-prof"]);
for (const variant of profileDir === undefined ? [] : ["without", "with"]) {
  const dir = join(profileDir, variant);
  if (existsSync(dir) && readdirSync(dir).some((name) => name.endsWith(".cpuprofile"))) {
    process.stderr.write(
      `telemetry bench: ${dir} already holds profiles; give --cpu-prof an empty directory.\n`,
    );
    process.exit(2);
  }
}
const extraEnv = Object.fromEntries(
  values.env.map((pair) => {
    const equals = pair.indexOf("=");
    if (equals < 1) {
      process.stderr.write(`telemetry bench: --env ${pair} is not KEY=VALUE.\n`);
      process.exit(2);
    }
    return [pair.slice(0, equals), pair.slice(equals + 1)];
  }),
);
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

async function startService(variant, collector, run) {
  const port = await freePort();
  const args = variant === "with" ? ["--import", "@paved/telemetry/register", fixture] : [fixture];
  // A profile is written when the process exits of itself: the fixture then exits on SIGTERM.
  const profiling =
    profileDir === undefined
      ? []
      : [
          "--cpu-prof",
          `--cpu-prof-dir=${join(profileDir, variant)}`,
          `--cpu-prof-name=run-${String(run + 1)}.cpuprofile`,
        ];
  const child = spawn(process.execPath, [...profiling, ...args], {
    cwd: telemetryRoot,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_METRIC_EXPORT_INTERVAL: "5000",
      ...(profileDir === undefined ? {} : { FIXTURE_OWN_SIGNALS: "1" }),
      ...extraEnv,
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
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    child.kill(profileDir === undefined ? "SIGKILL" : "SIGTERM");
    await exited;
  };
  return { url, pid: child.pid, stop };
}

/** CPU seconds a process has used so far, user and system (Linux), or undefined. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After "pid (comm) ": state is field 3, utime and stime fields 14 and 15, in 1/100 s.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Loads the service and measures it: requests per second, and CPU microseconds per request. */
async function measure(service, url, seconds) {
  const before = cpuSeconds(service.pid);
  const { average, total } = await load(url, seconds);
  const after = cpuSeconds(service.pid);
  const cpu = before === undefined || after === undefined ? undefined : after - before;
  return { rps: average, cpuMicros: cpu === undefined ? undefined : (cpu * 1e6) / total };
}

const routes = values.route.length > 0 ? values.route : ["/users/42", "/orders/42"];

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
      // A request unanswered within autocannon's 10 s is said, not fatal: on a machine shared
      // with other work, one in tens of thousands can be.
      if (result.timeouts > 0)
        process.stderr.write(
          `telemetry bench: ${url}: ${String(result.timeouts)} of ${String(result.requests.total)} requests timed out.\n`,
        );
      if (result.non2xx > 0 || result.errors > result.timeouts)
        reject(
          new Error(
            `${url}: ${String(result.non2xx)} answers not 2xx, ${String(result.errors)} errors (${String(result.timeouts)} timeouts) in ${String(result.requests.total)} requests`,
          ),
        );
      resolve({ average: result.requests.average, total: result.requests.total });
    });
  });
}

const collector = await startSink();
const results = Object.fromEntries(
  routes.map((route) => [
    route,
    { without: [], with: [], ratios: [], cpuWithout: [], cpuWith: [], cpuRatios: [] },
  ]),
);
try {
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? ["without", "with"] : ["with", "without"];
    const measured = Object.fromEntries(routes.map((route) => [route, {}]));
    for (const variant of order) {
      const service = await startService(variant, collector, run);
      try {
        for (const route of routes) {
          await load(`${service.url}${route}`, 2);
          measured[route][variant] = await measure(
            service,
            `${service.url}${route}`,
            Number(values.duration),
          );
        }
      } finally {
        await service.stop();
      }
    }
    for (const route of routes) {
      const { without, with: withPreset } = measured[route];
      const result = results[route];
      result.without.push(without.rps);
      result.with.push(withPreset.rps);
      result.ratios.push(withPreset.rps / without.rps);
      const cpu = without.cpuMicros !== undefined && withPreset.cpuMicros !== undefined;
      if (cpu) {
        result.cpuWithout.push(without.cpuMicros);
        result.cpuWith.push(withPreset.cpuMicros);
        result.cpuRatios.push(without.cpuMicros / withPreset.cpuMicros);
      }
      process.stderr.write(
        `run ${run + 1} ${route}: without ${without.rps.toFixed(0)} req/s, with ${withPreset.rps.toFixed(0)} req/s${
          cpu
            ? `; CPU per request without ${without.cpuMicros.toFixed(1)} µs, with ${withPreset.cpuMicros.toFixed(1)} µs\n`
            : "\n"
        }`,
      );
    }
  }
} finally {
  collector.stop();
}
/** Each variant's profiles, summed: where its CPU went, by package and function. */
function profiles() {
  if (profileDir === undefined) return {};
  const read = (variant) => {
    const dir = join(profileDir, variant);
    return readdirSync(dir)
      .filter((name) => name.endsWith(".cpuprofile"))
      .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")));
  };
  return { cpuProfiles: { without: summarize(read("without")), with: summarize(read("with")) } };
}

const report = {
  runs,
  env: extraEnv,
  connections: Number(values.connections),
  seconds: Number(values.duration),
  routes: Object.fromEntries(
    routes.map((route) => {
      const { without, with: withPreset, ratios, cpuWithout, cpuWith, cpuRatios } = results[route];
      const round = (value, digits) => Number(value.toFixed(digits));
      const cpu =
        cpuRatios.length === 0
          ? {}
          : {
              medianCpuMicrosPerRequest: {
                without: round(median(cpuWithout), 1),
                with: round(median(cpuWith), 1),
              },
              pairedCpuRatios: cpuRatios.map((ratio) => round(ratio, 3)),
              medianPairedCpuRatio: round(median(cpuRatios), 3),
            };
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
          ...cpu,
        },
      ];
    }),
  ),
  ...profiles(),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
