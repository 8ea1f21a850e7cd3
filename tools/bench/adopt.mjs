// Benchmark: `paved adopt --yes` (the built CLI) on fresh clones of real repositories. For each:
// the score before and after, the rules the plan fixed (each must pass on re-audit), that a
// second run plans nothing, that `git status` shows exactly the planned files and nothing
// else, and the wall time of the run. Nothing of the cloned repositories is run (no install).
//
//   node tools/bench/adopt.mjs [--mirror DIR] [--repo owner/name ...] [--checkout DIR ...]
//
// --mirror is the folder of bare mirrors (owner+name/repo; default $PAVED_MIRRORS or
// ~/.cache/paved-mirrors); each --repo is cloned from there into a temporary directory. A
// --checkout (a large monorepo's working copy) is copied with `git clone --local`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = join(import.meta.dirname, "..", "..");
const paved = join(root, "packages", "cli", "dist", "bundle", "paved.mjs");
const { values } = parseArgs({
  options: {
    mirror: {
      type: "string",
      default: process.env.PAVED_MIRRORS ?? join(homedir(), ".cache", "paved-mirrors"),
    },
    repo: {
      type: "string",
      multiple: true,
      default: ["expressjs/express", "pinojs/pino", "sindresorhus/ky", "h3js/h3"],
    },
    checkout: { type: "string", multiple: true, default: [] },
  },
});
const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TERMINAL_PROMPT: "0",
};
const git = (cwd, ...args) =>
  spawnSync("git", args, { cwd, env: gitEnv, encoding: "utf8", maxBuffer: 1 << 28 });
const scratch = mkdtempSync(join(tmpdir(), "paved-bench-adopt-"));

function pavedRun(dir, ...args) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [paved, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, CI: "1" },
  });
  return { ...run, ms: performance.now() - started };
}

const score = (dir) => JSON.parse(pavedRun(dir, "audit", dir, "--format", "json").stdout).score;

function bench(name, source) {
  const dir = join(scratch, name.replace("/", "+"));
  const clone = git(scratch, "clone", "-q", "--no-hardlinks", "--local", source, dir);
  if (clone.status !== 0) return { name, problem: clone.stderr.trim() };
  const before = score(dir);
  const dry = pavedRun(dir, "adopt", dir, "--dry-run", "--owner", "@bench/owners");
  const planned = [...dry.stdout.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((match) => match[1]).sort();
  const applied = pavedRun(dir, "adopt", dir, "--yes", "--owner", "@bench/owners");
  if (applied.status !== 0) return { name, problem: applied.stderr.trim() };
  const transitions = [...applied.stdout.matchAll(/^ {2}(\S+)(?: \(([^)]+)\))?: fail → (\S+)$/gm)];
  const fixed = transitions.filter((match) => match[3] === "pass").length;
  const notFixed = transitions
    .filter((match) => match[3] !== "pass")
    .map((match) => `${match[1]}${match[2] ? ` (${match[2]})` : ""} → ${match[3]}`);
  const changed = git(dir, "status", "--porcelain", "-z", "--untracked-files=all")
    .stdout.split("\0")
    .filter(Boolean)
    .map((line) => line.slice(3))
    .sort();
  const outside = changed.filter((path) => !planned.includes(path));
  git(dir, "add", "-A");
  git(
    dir,
    "-c",
    "user.name=bench",
    "-c",
    "user.email=bench@example.com",
    "commit",
    "-qm",
    "paved adopt",
  );
  const second = pavedRun(dir, "adopt", dir, "--yes", "--owner", "@bench/owners");
  const after = score(dir);
  return {
    name,
    before,
    after,
    fixed,
    notFixed,
    files: planned.length,
    outside,
    idempotent: second.stdout.startsWith("Nothing to fix."),
    skipped: (applied.stdout.match(/^ {2}skip /gm) ?? []).length,
    ms: Math.round(applied.ms),
  };
}

const results = [];
for (const repo of values.repo) {
  const source = join(resolve(values.mirror), repo.replace("/", "+"), "repo");
  results.push(
    existsSync(source) ? bench(repo, source) : { name: repo, problem: `no mirror at ${source}` },
  );
}
for (const checkout of values.checkout)
  results.push(bench(checkout.split("/").at(-1) ?? checkout, resolve(checkout)));
rmSync(scratch, { recursive: true, force: true });

console.log(
  "| repository | score before → after | fixes (rule on a project) passing on re-audit | skipped | files | outside the plan | second run | time |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of results) {
  if (r.problem) {
    console.log(`| ${r.name} | ${r.problem} | | | | | | |`);
    continue;
  }
  const fixedText =
    r.notFixed.length === 0 ? `${r.fixed}` : `${r.fixed}; not: ${r.notFixed.join(", ")}`;
  console.log(
    `| ${r.name} | ${r.before} → ${r.after} | ${fixedText} | ${r.skipped} | ${r.files} | ${r.outside.length === 0 ? "none" : r.outside.join(", ")} | ${r.idempotent ? "nothing to do" : "CHANGES"} | ${(r.ms / 1000).toFixed(2)} s |`,
  );
}
const bad = results.some(
  (r) =>
    r.problem ||
    r.notFixed.length > 0 ||
    r.outside.length > 0 ||
    !r.idempotent ||
    r.after <= r.before,
);
process.exitCode = bad ? 1 : 0;
