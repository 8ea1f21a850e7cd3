// Benchmark: lint time of @paved/eslint-config against bare typescript-eslint strictTypeChecked
// (the named baseline), on the same TypeScript files, each run a fresh process, the two
// alternating so that machine noise hits both alike. Reports medians and their ratio.
//
//   node tools/bench/eslint-preset.mjs [--runs N]
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./median.mjs";

const { values } = parseArgs({ options: { runs: { type: "string", default: "9" } } });
const runs = Number.parseInt(values.runs, 10);
const root = join(import.meta.dirname, "..", "..");
const patterns = ["packages/*/src/**/*.ts"];
const once = join(import.meta.dirname, "lint-once.mjs");

function time(which) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [once, which, root, ...patterns], {
    cwd: root,
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${which} run failed:\n${run.stderr}`);
  return { ms, ...JSON.parse(run.stdout) };
}

time("preset"); // warm the file system cache once for both
const samples = { preset: [], baseline: [] };
let files = 0;
for (let i = 0; i < runs; i += 1) {
  for (const which of i % 2 === 0 ? ["baseline", "preset"] : ["preset", "baseline"]) {
    const result = time(which);
    samples[which].push(result.ms);
    files = result.files;
  }
}
const preset = median(samples.preset);
const baseline = median(samples.baseline);
console.log(`files linted: ${files}, runs: ${runs} each, whole-process wall time`);
console.log(`baseline (typescript-eslint strictTypeChecked): median ${baseline.toFixed(0)} ms`);
console.log(`@paved/eslint-config:                          median ${preset.toFixed(0)} ms`);
console.log(`ratio preset / baseline: ${(preset / baseline).toFixed(2)}`);
