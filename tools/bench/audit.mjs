// Benchmark: whole-process wall time of `paved audit DIR --format json` (the built CLI) on a
// real checkout, against, in the same run and on the same checkout:
//   floor        `git ls-files` (what listing the files costs at the least)
//   listing      paved's own listing: `git ls-files --cached --others --exclude-standard`
//   floor+reads  a fresh Node process that runs `git ls-files`, then reads every file paved
//                read (recorded once by a traced paved run, see trace-reads.mjs)
//   repolinter   Repolinter's default ruleset (`repolinter lint DIR`)
// Each run is a fresh process; the commands alternate (the order rotates every round) so that
// machine noise hits all alike. Reports medians and the ratios the project's goal is set in.
//
//   node tools/bench/audit.mjs DIR [--runs N] [--repolinter PATH] [--paved PATH]
//
// DIR is a git checkout outside this repository; docs/benchmarks.md says how to get one and
// how to install Repolinter (it is not a dependency of this repository).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { listingArgs } from "../../packages/facts/dist/repo/git-listing.js";
import { median } from "./median.mjs";

const root = join(import.meta.dirname, "..", "..");
const defaultRepolinter = join(homedir(), ".cache", "paved-bench", "node_modules", "repolinter");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "7" },
    repolinter: { type: "string", default: defaultRepolinter },
    paved: {
      type: "string",
      default: join(root, "packages", "cli", "dist", "bundle", "paved.mjs"),
    },
  },
});
const runs = Number.parseInt(values.runs, 10);
const [target] = positionals;
if (!target || !Number.isInteger(runs) || runs < 1) {
  console.error(
    "usage: node tools/bench/audit.mjs DIR [--runs N] [--repolinter PATH] [--paved PATH]",
  );
  process.exit(2);
}
const dir = resolve(target);
if (!existsSync(join(dir, ".git"))) {
  console.error(`${dir}: not a git checkout. See docs/benchmarks.md for how to get one.`);
  process.exit(2);
}
const paved = resolve(values.paved);
if (!existsSync(paved)) {
  console.error(`${paved}: missing. Build first: ./dev exec nx run @paved/cli:build`);
  process.exit(2);
}

/** Repolinter's bin script, from a package directory or the script itself; undefined if absent. */
function repolinterBin(path) {
  const candidate = resolve(path);
  if (!existsSync(candidate)) return undefined;
  return statSync(candidate).isDirectory() ? join(candidate, "bin", "repolinter.js") : candidate;
}
const repolinter = repolinterBin(values.repolinter);
if (!repolinter || !existsSync(repolinter)) {
  console.error(
    `Repolinter not found at ${values.repolinter}; its column is skipped. Install it with:\n` +
      `  npm install --prefix ~/.cache/paved-bench repolinter\n` +
      `or pass --repolinter PATH (its package directory or bin/repolinter.js).`,
  );
}

const git = (...args) => spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" }).stdout.trim();
const workDir = mkdtempSync(join(tmpdir(), "paved-bench-"));
const readList = join(workDir, "reads.txt");

// One traced paved run: what it reads, how many files it indexes, what it found.
const traced = spawnSync(
  process.execPath,
  [
    "--import",
    join(import.meta.dirname, "trace-reads.mjs"),
    paved,
    "audit",
    dir,
    "--format",
    "json",
  ],
  {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TRACE_ROOT: dir, TRACE_OUT: readList },
  },
);
if (traced.error || traced.stdout === "") throw new Error(`paved failed:\n${traced.stderr}`);
const report = JSON.parse(traced.stdout);
const pavedReads = readFileSync(readList, "utf8").split("\n").filter(Boolean).length;

/** The commands compared: a name, and the argv of a fresh process. */
const commands = {
  floor: ["git", "-C", dir, "ls-files", "-z"],
  listing: ["git", "-C", dir, ...listingArgs],
  "floor+reads": [process.execPath, join(import.meta.dirname, "floor-reads.mjs"), dir, readList],
  paved: [process.execPath, paved, "audit", dir, "--format", "json"],
  ...(repolinter ? { repolinter: [process.execPath, repolinter, "lint", dir] } : {}),
};
// Exit codes that mean "ran to the end": paved and Repolinter exit 1 when they find failures.
const finished = { paved: [0, 1], repolinter: [0, 1] };

function time(name) {
  const [command, ...args] = commands[name];
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, {
    cwd: dir,
    encoding: "buffer",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.error || !(finished[name] ?? [0]).includes(run.status ?? -1))
    throw new Error(`${name} failed (${String(run.status)}):\n${run.stderr.toString()}`);
  return ms;
}

const names = Object.keys(commands);
for (const name of names) time(name); // warm the file system cache for all alike
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < runs; round += 1) {
  const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
  for (const name of order) samples[name].push(time(name));
}
rmSync(workDir, { recursive: true, force: true });

const repolinterVersion = repolinter
  ? JSON.parse(readFileSync(join(repolinter, "..", "..", "package.json"), "utf8")).version
  : undefined;
console.log(`target: ${dir} at ${git("rev-parse", "HEAD")}`);
console.log(
  `files: ${git("ls-files").split("\n").length} tracked; paved indexed ${String(report.target.files)} ` +
    `(${String(report.target.projects.length)} projects) and read ${String(pavedReads)}; ` +
    `node_modules ${existsSync(join(dir, "node_modules")) ? "installed" : "absent"}`,
);
console.log(
  `machine: ${String(cpus().length)} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}, ` +
    `${git("--version")}${repolinterVersion ? `, repolinter ${repolinterVersion}` : ""}`,
);
console.log(`runs: ${String(runs)} each, whole-process wall time, alternating\n`);
const medians = Object.fromEntries(names.map((name) => [name, median(samples[name])]));
for (const name of names) {
  const sorted = [...samples[name]].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(12)} median ${medians[name].toFixed(0).padStart(6)} ms` +
      `   (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)})`,
  );
}
// Two ratios: of the medians, and the median of each round's own ratio (the commands of a
// round ran back to back, so a round's ratio is not moved by the machine getting busier).
const ratio = (a, b) =>
  `${(medians[a] / medians[b]).toFixed(2)}  (paired ${median(
    samples[a].map((sample, round) => sample / samples[b][round]),
  ).toFixed(2)})`;
console.log("");
console.log(`paved / floor:        ${ratio("paved", "floor")}`);
console.log(`paved / floor+reads:  ${ratio("paved", "floor+reads")}   (goal: at most 3)`);
if (repolinter)
  console.log(`repolinter / paved:   ${ratio("repolinter", "paved")}   (goal: at least 10)`);
