// Benchmark: whole-process wall time of `paved dora DIR --format json` (the built CLI) on a real
// public history cut to N commits (default 50,000), side by side in the same run with:
//   git-log     a bare `git log HEAD --tags` of the same range (its default format, to a pipe)
//   git-walk    `git log --format=%H HEAD --tags`: the walk alone, the least any reader pays
// The range: a clone of MIRROR (a git repository with at least N commits, such as git/git)
// whose HEAD is the first-parent commit with N commits behind it, and whose tags are those of
// MIRROR that point into that history. Each run is a fresh process; the commands alternate
// (the order rotates every round). Reports medians and the ratios the goal is set in
// (docs/benchmarks.md: at most 2 s, and at most 3x the bare git log).
//
//   node tools/bench/dora.mjs MIRROR [--commits N] [--runs N] [--paved PATH]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./median.mjs";

const root = join(import.meta.dirname, "..", "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    commits: { type: "string", default: "50000" },
    runs: { type: "string", default: "7" },
    paved: {
      type: "string",
      default: join(root, "packages", "cli", "dist", "bundle", "paved.mjs"),
    },
  },
});
const runs = Number.parseInt(values.runs, 10);
const wanted = Number.parseInt(values.commits, 10);
const [mirror] = positionals;
if (!mirror || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(wanted) || wanted < 1) {
  console.error("usage: node tools/bench/dora.mjs MIRROR [--commits N] [--runs N] [--paved PATH]");
  process.exit(2);
}
const paved = resolve(values.paved);
if (!existsSync(paved)) {
  console.error(`${paved}: missing. Build first: ./dev exec nx run @paved/cli:build`);
  process.exit(2);
}

const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
function git(dir, args, input) {
  const result = spawnSync("git", ["-C", dir, ...args], {
    env,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    ...(input === undefined ? {} : { input }),
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/** The first-parent commit of HEAD with the fewest commits behind it that are still >= N. */
function cutPoint(dir) {
  const line = git(dir, ["rev-list", "--first-parent", "HEAD"]).trim().split("\n");
  const count = (index) => Number(git(dir, ["rev-list", "--count", line[index]]).trim());
  if (count(0) < wanted) throw new Error(`${dir} has only ${String(count(0))} commits`);
  let [low, high] = [0, line.length - 1];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (count(middle) >= wanted) low = middle;
    else high = middle - 1;
  }
  return { sha: line[low], commits: count(low) };
}

/** A clone of the mirror holding exactly the cut history and the tags inside it. */
function rangeClone() {
  const dir = mkdtempSync(join(tmpdir(), "paved-bench-dora-"));
  git(tmpdir(), ["clone", "-q", "--shared", "--no-checkout", "--no-tags", resolve(mirror), dir]);
  const cut = cutPoint(dir);
  const tags = git(resolve(mirror), [
    "for-each-ref",
    `--merged=${cut.sha}`,
    "--format=create %(refname) %(objectname)",
    "refs/tags",
  ]);
  git(dir, ["update-ref", "--stdin"], tags);
  git(dir, ["update-ref", "refs/heads/bench", cut.sha]);
  git(dir, ["symbolic-ref", "HEAD", "refs/heads/bench"]);
  for (const ref of git(dir, ["for-each-ref", "--format=%(refname)", "refs/remotes"]).split("\n"))
    if (ref !== "") git(dir, ["update-ref", "-d", ref]);
  return { dir, ...cut, tags: tags.split("\n").filter(Boolean).length };
}

const range = rangeClone();
const commands = {
  paved: [process.execPath, [paved, "dora", range.dir, "--format", "json"]],
  "git-log": ["git", ["-C", range.dir, "log", "HEAD", "--tags"]],
  "git-walk": ["git", ["-C", range.dir, "log", "--format=%H", "HEAD", "--tags"]],
};
/**
 * CPU seconds (user + system) of this process's waited-for children, from /proc (Linux): on a
 * loaded machine wall time waits for the cores, CPU time does not.
 */
function childCpu() {
  if (!existsSync("/proc/self/stat")) return Number.NaN;
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 a second).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function time(name) {
  const [command, args] = commands[name];
  const cpu = childCpu();
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr.toString()}`);
  return { ms, cpuMs: childCpu() - cpu, stdout: result.stdout };
}

try {
  const names = Object.keys(commands);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  const cpuSamples = Object.fromEntries(names.map((name) => [name, []]));
  const pairs = [];
  const check = JSON.parse(time("paved").stdout.toString());
  for (const name of names) time(name); // warm-up: the file system cache is warm for all
  for (let round = 0; round < runs; round += 1) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    const round_ = {};
    for (const name of order) {
      const { ms, cpuMs } = time(name);
      round_[name] = ms;
      cpuSamples[name].push(cpuMs);
    }
    for (const name of names) samples[name].push(round_[name]);
    pairs.push(round_.paved / round_["git-log"]);
  }
  const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
  console.log(
    `${mirror}: ${range.commits.toLocaleString("en")} commits up to ${range.sha.slice(0, 12)}, ${String(range.tags)} tags (${String(check.deployments)} deployments); ${String(runs)} rounds; ${String(cpus().length)} cores`,
  );
  console.log("| command | median | min | max | CPU median |\n| --- | --- | --- | --- | --- |");
  for (const name of names) {
    const list = samples[name];
    console.log(
      `| ${name} | ${fmt(median(list))} | ${fmt(Math.min(...list))} | ${fmt(Math.max(...list))} | ${fmt(median(cpuSamples[name]))} |`,
    );
  }
  const ratio = (a, b) => (median(samples[a]) / median(samples[b])).toFixed(2);
  console.log(
    `paved / git-log ${ratio("paved", "git-log")} (paired median ${median(pairs).toFixed(2)}), paved / git-walk ${ratio("paved", "git-walk")}; CPU paved / git-log ${(median(cpuSamples.paved) / median(cpuSamples["git-log"])).toFixed(2)}; goal: paved <= 2 s and <= 3x git-log`,
  );
} finally {
  rmSync(range.dir, { recursive: true, force: true });
}
