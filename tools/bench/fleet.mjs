// Benchmark: `paved fleet audit` (the built CLI) on a fleet of N repositories, against the same
// repositories audited by one `paved audit DIR --format json` process at a time, in the same run.
// The fleet is copies of real public checkouts (shallow clones of the mirrors, hard-linked per
// copy, so 3,000 of them cost little disk) and generated repositories of varied sizes, mixed
// 30/70. For each size it reports wall time, peak memory (the process's maximum resident set,
// worker threads included) and repositories per second: the growth curve of docs/benchmarks.md.
//
//   node tools/bench/fleet.mjs [--sizes 100,300,1000,3000] [--sequential-max 1000]
//                              [--jobs N] [--mirror DIR] [--work DIR] [--paved PATH]
//
// --mirror is a folder of mirrors, each OWNER+NAME/repo (a bare repository; default
// $PAVED_MIRRORS, else ~/.cache/paved-mirrors); --work keeps the
// corpus between runs (default: a temporary folder, removed at the end). --sequential-max is
// the largest size also audited one process at a time (that costs some 0.2 s per repository).
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, cpus, homedir, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = join(import.meta.dirname, "..", "..");
const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100,300,1000,3000" },
    "sequential-max": { type: "string", default: "1000" },
    jobs: { type: "string", default: String(availableParallelism()) },
    // The folder of bare mirrors (owner+name/repo), as for the truth set: named by the environment.
    mirror: {
      type: "string",
      default: process.env["PAVED_MIRRORS"] ?? join(homedir(), ".cache", "paved-mirrors"),
    },
    work: { type: "string" },
    paved: {
      type: "string",
      default: join(root, "packages", "cli", "dist", "bundle", "paved.mjs"),
    },
  },
});
const sizes = values.sizes.split(",").map(Number);
const sequentialMax = Number(values["sequential-max"]);
const paved = resolve(values.paved);
if (!existsSync(paved)) {
  console.error(`${paved}: missing. Build first: ./dev exec nx run paved:build`);
  process.exit(2);
}
if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
  console.error("--sizes must be whole numbers, such as 100,300,1000");
  process.exit(2);
}
const work =
  values.work === undefined
    ? mkdtempSync(join(tmpdir(), "paved-bench-fleet-"))
    : resolve(values.work);
mkdirSync(work, { recursive: true });

const gitEnv = {
  PATH: process.env["PATH"],
  HOME: work,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
};
const git = (cwd, ...args) => {
  const run = spawnSync("git", args, { cwd, env: gitEnv, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
};

/** Shallow checkouts of every mirror, once per corpus folder. */
function realCheckouts() {
  const dir = join(work, "real");
  mkdirSync(dir, { recursive: true });
  const names = existsSync(values.mirror)
    ? readdirSync(values.mirror).filter((name) =>
        existsSync(join(values.mirror, name, "repo", "HEAD")),
      )
    : [];
  const usable = [];
  for (const name of names) {
    if (!existsSync(join(dir, name)))
      try {
        git(
          dir,
          "clone",
          "--quiet",
          "--depth",
          "1",
          `file://${join(values.mirror, name, "repo")}`,
          name,
        );
      } catch (error) {
        // A mirror still being fetched, or an incomplete one: left out, and said so.
        rmSync(join(dir, name), { recursive: true, force: true });
        console.error(`skipped mirror ${name}: ${String(error.message).split("\n")[0]}`);
        continue;
      }
    usable.push(join(dir, name));
  }
  return usable;
}

const scriptSets = [
  {},
  { test: "vitest run" },
  { test: "vitest run", lint: "eslint .", typecheck: "tsc --noEmit" },
  { "format:check": "prettier --check .", lint: "eslint .", test: "node --test", build: "tsc -b" },
];

/** Generated repositories: git checkouts from 5 to 2,000 files, with varied wiring. */
function generatedTemplates(count) {
  const dir = join(work, "generated");
  const made = [];
  for (let i = 0; i < count; i += 1) {
    const repo = join(dir, `gen-${String(i)}`);
    made.push(repo);
    if (existsSync(join(repo, ".git"))) continue;
    const files = Math.round(5 * 400 ** (i / Math.max(1, count - 1)));
    mkdirSync(join(repo, "src"), { recursive: true });
    const scripts = scriptSets[i % scriptSets.length];
    writeFileSync(
      join(repo, "package.json"),
      `${JSON.stringify({ name: `gen-${String(i)}`, version: "1.0.0", type: "module", scripts }, null, 2)}\n`,
    );
    if (i % 2 === 0)
      writeFileSync(join(repo, "tsconfig.json"), '{ "compilerOptions": { "strict": true } }\n');
    if (i % 3 === 0) writeFileSync(join(repo, "CODEOWNERS"), `* @acme/team-${String(i % 7)}\n`);
    if (i % 5 === 0) {
      mkdirSync(join(repo, ".github", "workflows"), { recursive: true });
      writeFileSync(
        join(repo, ".github", "workflows", "ci.yml"),
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n",
      );
    }
    for (let f = 0; f < files; f += 1)
      writeFileSync(
        join(repo, "src", `m${String(f)}.ts`),
        `export const value${String(f)} = ${String(f)};\n`,
      );
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "generated");
  }
  return made;
}

/** The fleet of `size`: hard-linked copies, 30% real, 70% generated, in a folder of its own. */
function fleetOf(size, real, generated) {
  const dir = join(work, `fleet-${String(size)}`);
  if (existsSync(dir)) return dir;
  mkdirSync(dir);
  for (let i = 0; i < size; i += 1) {
    const useReal = real.length > 0 && i % 10 < 3;
    const source = useReal ? real[i % real.length] : generated[i % generated.length];
    const name = `${useReal ? "real" : "gen"}-${String(i).padStart(4, "0")}`;
    // Hard links: the audit only reads, so every copy can share the files (`cp -al`).
    const copy = spawnSync("cp", ["-al", source, join(dir, name)]);
    if (copy.status !== 0) cpSync(source, join(dir, name), { recursive: true });
  }
  return dir;
}

const peak = join(import.meta.dirname, "peak-rss.mjs");

/** Wall time and peak resident memory of one command. */
function measure(args) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", peak, ...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = Number(/paved-bench-peak-rss (\d+)/.exec(run.stderr)?.[1] ?? "0") / 1024;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${args.join(" ")}: exit ${String(run.status)}\n${run.stderr.slice(-2000)}`);
  return { seconds, rss, stderr: run.stderr };
}

function sequential(dir) {
  const repos = readdirSync(dir).map((name) => join(dir, name));
  const out = join(work, "sequential.json");
  let peakRss = 0;
  const started = performance.now();
  for (const repo of repos)
    peakRss = Math.max(
      peakRss,
      measure([paved, "audit", repo, "--format", "json", "--output", out]).rss,
    );
  return { seconds: (performance.now() - started) / 1000, rss: peakRss };
}

const real = realCheckouts();
const generated = generatedTemplates(40);
console.log(
  `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}, --jobs ${values.jobs}`,
);
console.log(
  `corpus: ${String(real.length)} real checkouts (${real.map((path) => path.split("/").pop()).join(", ")}), ${String(generated.length)} generated (5–2,000 files)`,
);
const rows = [];
for (const size of sizes) {
  const dir = fleetOf(size, real, generated);
  const out = join(work, `out-${String(size)}`);
  rmSync(out, { recursive: true, force: true });
  const load = loadavg()[0];
  const fleet = measure([
    paved,
    "fleet",
    "audit",
    dir,
    "--out",
    out,
    "--jobs",
    values.jobs,
    "--timeout",
    "120",
  ]);
  const history = readFileSync(join(out, "history.jsonl"), "utf8").trim().split("\n");
  const errors = history.filter((line) => JSON.parse(line).ok === false).length;
  const row = { size, load, fleet: fleet.seconds, rss: fleet.rss, errors, lines: history.length };
  if (size <= sequentialMax) {
    const one = sequential(dir);
    row.sequential = one.seconds;
    row.sequentialRss = one.rss;
  }
  rows.push(row);
  console.log(
    `${String(size).padStart(5)} repos (load ${load.toFixed(1)}): fleet ${row.fleet.toFixed(1)} s (${(size / row.fleet).toFixed(0)}/s, peak ${row.rss.toFixed(0)} MB, ${String(errors)} errors)${
      row.sequential === undefined
        ? ""
        : `; one paved audit at a time ${row.sequential.toFixed(1)} s (${(row.sequential / row.fleet).toFixed(1)}× slower, peak ${row.sequentialRss.toFixed(0)} MB)`
    }`,
  );
}
// The machine is shared: what else ran shows in the load average.
console.log(
  `load average at the end: ${loadavg()
    .map((load) => load.toFixed(1))
    .join(", ")}`,
);
console.log(JSON.stringify(rows));
if (values.work === undefined) rmSync(work, { recursive: true, force: true });
