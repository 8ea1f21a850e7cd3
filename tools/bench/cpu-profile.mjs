// Where a process spent its CPU, from a V8 profile (`node --cpu-prof`): self time summed by
// package and by function, as shares of the time it was not idle. Shares hold under load on a
// shared machine where absolute times do not.
//
//   node tools/bench/cpu-profile.mjs FILE.cpuprofile [--top N]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/** The package a script belongs to: its npm name, a Node built-in, or V8's own work. */
export function packageOf({ url, functionName }) {
  if (functionName === "(garbage collector)") return "(garbage collector)";
  if (url === "") return "(native)";
  if (url.startsWith("node:")) return "(node)";
  const installed = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(
    url,
  );
  if (installed !== null) return installed[1];
  const workspace = /\/packages\/([^/]+)\//.exec(url);
  return workspace === null ? url : `@paved/${workspace[1]}`;
}

/** A function's name and place, short enough to read in a table. */
function functionOf({ url, functionName, lineNumber }) {
  const file = url.split("/").slice(-2).join("/");
  return `${functionName === "" ? "(anonymous)" : functionName} ${file}:${String(lineNumber + 1)}`;
}

/** Sums profiles' self time by package and by function, idle time left out. */
export function summarize(profiles, top = 15) {
  const byPackage = new Map();
  const byFunction = new Map();
  let busy = 0;
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples.forEach((id, index) => {
      const frame = frames.get(id);
      const micros = profile.timeDeltas[index] ?? 0;
      if (frame.functionName === "(idle)") return;
      busy += micros;
      const name = packageOf(frame);
      byPackage.set(name, (byPackage.get(name) ?? 0) + micros);
      const fn = `${functionOf(frame)} [${name}]`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
    });
  }
  const shares = (totals) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, share: Number((micros / busy).toFixed(4)) }));
  return {
    busyMillis: Math.round(busy / 1000),
    packages: shares(byPackage),
    functions: shares(byFunction),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "25" } },
  });
  if (positionals.length !== 1) {
    process.stderr.write("usage: node tools/bench/cpu-profile.mjs FILE.cpuprofile [--top N]\n");
    process.exit(2);
  }
  let profile;
  try {
    profile = JSON.parse(readFileSync(positionals[0], "utf8"));
  } catch (error) {
    process.stderr.write(
      `cpu-profile: cannot read ${positionals[0]} as a V8 CPU profile (${error.message}).\n`,
    );
    process.exit(1);
  }
  const { busyMillis, packages, functions } = summarize([profile], Number(values.top));
  const table = (rows) =>
    rows.map(({ name, share }) => `${(share * 100).toFixed(1).padStart(6)}%  ${name}`).join("\n");
  process.stdout.write(
    `busy ${String(busyMillis)} ms\n\nby package\n${table(packages)}\n\nby function\n${table(functions)}\n`,
  );
}
