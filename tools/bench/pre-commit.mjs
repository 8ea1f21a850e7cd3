// Benchmark: what recording costs the pre-commit hook. In a temporary git repository wired as
// the adoption docs wire it (@paved/lint-staged-config, its ESLint and Prettier presets), with
// one Markdown file and one TypeScript file staged, `lint-staged` runs N times with the preset's
// default config and N times with `lintStaged({ record: true })`, alternating, each a fresh
// process. Reports medians and the paired difference.
//
//   node tools/bench/pre-commit.mjs [--runs N]
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./median.mjs";

const { values } = parseArgs({ options: { runs: { type: "string", default: "9" } } });
const runs = Number.parseInt(values.runs, 10);
const preset = join(import.meta.dirname, "..", "..", "packages", "lint-staged-config");
const repo = mkdtempSync(join(tmpdir(), "paved-bench-precommit-"));
const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (...args) => spawnSync("git", args, { cwd: repo, env, encoding: "utf8" });

function link() {
  const source = join(preset, "node_modules");
  const target = join(repo, "node_modules");
  mkdirSync(join(target, "@paved"), { recursive: true });
  for (const entry of readdirSync(source))
    if (entry !== "@paved") symlinkSync(join(source, entry), join(target, entry), "dir");
  for (const entry of readdirSync(join(source, "@paved")))
    symlinkSync(join(source, "@paved", entry), join(target, "@paved", entry), "dir");
  symlinkSync(preset, join(target, "@paved", "lint-staged-config"), "dir");
}

const configs = {
  default: 'export { default } from "@paved/lint-staged-config";\n',
  record:
    'import { lintStaged } from "@paved/lint-staged-config";\nexport default lintStaged({ record: true });\n',
};

try {
  link();
  git("init", "-q", "-b", "main");
  const files = {
    "package.json": JSON.stringify({
      name: "bench",
      private: true,
      type: "module",
      prettier: "@paved/prettier-config",
    }),
    ".gitignore": "node_modules\n",
    "tsconfig.json": JSON.stringify({ extends: "@paved/tsconfig/node", include: ["*.ts"] }),
    "eslint.config.js":
      'import paved from "@paved/eslint-config";\nexport default paved({ tsconfigRootDir: import.meta.dirname });\n',
    "lint-staged.config.js": configs.default,
    "notes.md": "# Notes\n\nA staged change.\n",
    "answer.ts": "export const answer = 42;\n",
  };
  for (const [path, text] of Object.entries(files)) writeFileSync(join(repo, path), text);
  git("add", "-A");
  const bin = join(repo, "node_modules", ".bin", "lint-staged");
  const samples = { default: [], record: [] };
  const time = (name) => {
    writeFileSync(join(repo, "lint-staged.config.js"), configs[name]);
    const start = process.hrtime.bigint();
    const result = spawnSync(bin, ["--quiet"], { cwd: repo, env, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0)
      throw new Error(`lint-staged (${name}) failed: ${result.stdout}${result.stderr}`);
    return ms;
  };
  time("default");
  time("record"); // warm-up
  const pairs = [];
  for (let round = 0; round < runs; round += 1) {
    const order = round % 2 === 0 ? ["default", "record"] : ["record", "default"];
    const round_ = {};
    for (const name of order) round_[name] = time(name);
    samples.default.push(round_.default);
    samples.record.push(round_.record);
    pairs.push(round_.record - round_.default);
  }
  const recorded = readFileSync(join(repo, ".paved", "line-history.jsonl"), "utf8")
    .trim()
    .split("\n");
  const last = JSON.parse(recorded.at(-1));
  console.log(`lint-staged on 1 .md + 1 .ts staged file, ${String(runs)} rounds:`);
  for (const name of ["default", "record"])
    console.log(
      `  ${name.padEnd(8)} median ${median(samples[name]).toFixed(0)} ms (min ${Math.min(...samples[name]).toFixed(0)}, max ${Math.max(...samples[name]).toFixed(0)})`,
    );
  console.log(
    `  recording costs: paired median ${median(pairs).toFixed(0)} ms; ${String(recorded.length)} runs recorded, the last ${String(last.durationMs)} ms by its own clock`,
  );
} finally {
  rmSync(repo, { recursive: true, force: true });
}
