// `paved new` against Nx's own library generator, in the same run.
//
//   node tools/bench/new.mjs [--runs N]
//
// Each command runs as a fresh process in a fresh copy of its workspace (copied before the
// clock starts, removed after), alternating, after one warm-up run of each:
//   paved new service   the CLI as its bin runs it, in a pnpm workspace with paved.config.json,
//                       CODEOWNERS, a solution tsconfig and changesets, so it also registers
//                       the project; rendering and writing only, no install
//   paved new library   the same, a library
//   nx g @nx/js:library Nx 23's library generator (tsc bundler, no linter or test runner, no
//                       package.json changes, so no install either), the usual baseline
// It reports whole-process wall-time medians and the ratios to Nx's generator.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./median.mjs";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Number(values.runs);
const root = join(import.meta.dirname, "..", "..");
const paved = join(root, "packages", "cli", "dist", "bundle", "paved.mjs");
const nxBin = join(root, "node_modules", "nx", "dist", "bin", "nx.js");
const work = mkdtempSync(join(tmpdir(), "paved-bench-new-"));

// The workspaces each command starts from.
const pavedBase = join(work, "paved-base");
for (const [path, text] of Object.entries({
  "package.json": '{ "name": "acme", "private": true }\n',
  "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
  "paved.config.json": '{ "new": { "scope": "@acme", "owner": "@acme/platform" } }\n',
  "tsconfig.json": '{ "files": [], "references": [] }\n',
  ".github/CODEOWNERS": "* @acme/platform\n",
  ".changeset/config.json": "{}\n",
})) {
  mkdirSync(join(pavedBase, path, ".."), { recursive: true });
  writeFileSync(join(pavedBase, path), text);
}
const nxBase = join(work, "nx-base");
mkdirSync(join(nxBase, "node_modules", "@nx"), { recursive: true });
writeFileSync(join(nxBase, "package.json"), '{ "name": "acme", "private": true }\n');
writeFileSync(join(nxBase, "nx.json"), "{}\n");
symlinkSync(join(root, "node_modules", "nx"), join(nxBase, "node_modules", "nx"));
symlinkSync(join(root, "node_modules", "@nx", "js"), join(nxBase, "node_modules", "@nx", "js"));

const commands = {
  "paved new service": {
    base: pavedBase,
    argv: [process.execPath, paved, "new", "service", "orders", "--yes"],
  },
  "paved new library": {
    base: pavedBase,
    argv: [process.execPath, paved, "new", "library", "money", "--yes"],
  },
  "nx g @nx/js:library": {
    base: nxBase,
    argv: [
      process.execPath,
      nxBin,
      "g",
      "@nx/js:library",
      "libs/money",
      "--bundler=tsc",
      "--unitTestRunner=none",
      "--linter=none",
      "--skipPackageJson",
      "--no-interactive",
    ],
  },
};
const env = {
  ...process.env,
  NX_DAEMON: "false",
  NX_NO_CLOUD: "true",
  NX_TUI: "false",
  CI: "true",
};

function countFiles(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === ".nx") continue;
    count += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  }
  return count;
}

let round = 0;
const written = {};
function time(name) {
  const { base, argv } = commands[name];
  round += 1;
  const dir = join(work, `run-${String(round)}`);
  cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  const before = countFiles(dir);
  const start = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), { cwd: dir, env, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${name} failed:\n${run.stdout}\n${run.stderr}`);
  written[name] = countFiles(dir) - before;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

const names = Object.keys(commands);
for (const name of names) time(name);
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let r = 0; r < runs; r += 1) {
  const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
  for (const name of order) samples[name].push(time(name));
}
rmSync(work, { recursive: true, force: true });

console.log(
  `machine: ${String(cpus().length)} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}`,
);
console.log(
  `runs: ${String(runs)} each, whole-process wall time, alternating, fresh workspace copies\n`,
);
const baseline = "nx g @nx/js:library";
for (const name of names) {
  const sorted = [...samples[name]].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(20)} median ${median(samples[name]).toFixed(0).padStart(5)} ms   (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)})   ${String(written[name])} new files`,
  );
}
console.log("");
for (const name of names.filter((name) => name !== baseline)) {
  const paired = median(samples[name].map((sample, r) => sample / samples[baseline][r]));
  console.log(
    `${name} / ${baseline}: ${(median(samples[name]) / median(samples[baseline])).toFixed(2)} (paired ${paired.toFixed(2)})`,
  );
}
