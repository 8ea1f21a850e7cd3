// The audit's truth set: how often `paved audit` agrees with facts read by hand.
//
//   node tools/bench/truth/agreement.mjs [--mirror DIR] [--paved PATH] [--truth DIR]
//                                        [--only NAME] [--json]
//
// For every tools/bench/truth/repos/<owner>__<name>.json whose mirror is present
// (DIR/<owner>+<name>/repo, a bare git directory as the search tool's `fetch` leaves it), checks
// the recorded commit out into a temporary directory, runs the built CLI's
// `audit DIR --format json`, maps the report onto the fact ids (README.md beside this file) and
// prints, per repository and overall, agreed / total and every disagreement with its evidence.
// A measurement: it exits 0 whatever the agreement.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { factStation, observe, validateFacts } from "./facts.mjs";

const root = join(import.meta.dirname, "..", "..", "..");
const { values } = parseArgs({
  options: {
    // The folder of bare mirrors (owner+name/repo): the machine's own, named by the environment.
    mirror: {
      type: "string",
      default: process.env.PAVED_MIRRORS ?? join(homedir(), ".cache", "paved-mirrors"),
    },
    paved: {
      type: "string",
      default: join(root, "packages", "cli", "dist", "bundle", "paved.mjs"),
    },
    truth: { type: "string", default: join(import.meta.dirname, "repos") },
    only: { type: "string" },
    json: { type: "boolean", default: false },
  },
});

// The checkout's git must not read this machine's configuration (filters, hooks, aliases).
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

function loadTruth() {
  const dir = values.truth;
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      let truth;
      try {
        truth = JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        throw new Error(`${path}: not valid JSON (${error.message}); fix the file.`);
      }
      validateFacts(truth, path);
      return truth;
    })
    .filter((truth) => !values.only || truth.repo.includes(values.only));
}

function mirrorOf(repo) {
  const base = join(values.mirror, repo.replace("/", "+"), "repo");
  return [join(base, ".git"), base].find((dir) => existsSync(join(dir, "HEAD")));
}

/** A throwaway checkout of the recorded commit, sharing the mirror's objects. */
function checkout(gitDir, commit) {
  const dir = mkdtempSync(join(tmpdir(), "paved-truth-"));
  const git = (...args) => execFileSync("git", args, { env: gitEnv, stdio: "pipe" });
  try {
    git("clone", "--quiet", "--shared", "--no-checkout", gitDir, dir);
    git("-C", dir, "-c", "core.hooksPath=/dev/null", "checkout", "--quiet", "--detach", commit);
    return dir;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cannot check out ${commit} from ${gitDir}: ${String(error.stderr).trim()}`);
  }
}

function audit(dir) {
  const run = spawnSync(process.execPath, [values.paved, "audit", dir, "--format", "json"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 300_000,
  });
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`audit gave no JSON report (exit ${run.status}): ${run.stderr.trim()}`);
  }
}

function judge(truth) {
  const gitDir = mirrorOf(truth.repo);
  if (!gitDir) return { repo: truth.repo, commit: truth.commit, skipped: "no mirror" };
  const dir = checkout(gitDir, truth.commit);
  try {
    const report = audit(dir);
    const results = truth.facts.map((fact) => ({ ...fact, observed: observe(report, fact) }));
    return { repo: truth.repo, commit: truth.commit, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tally(results, keyOf) {
  const table = new Map();
  for (const result of results) {
    const key = keyOf(result);
    const row = table.get(key) ?? { agreed: 0, total: 0 };
    row.total += 1;
    if (result.observed === result.expect) row.agreed += 1;
    table.set(key, row);
  }
  return Object.fromEntries([...table].sort(([a], [b]) => a.localeCompare(b)));
}

const percent = ({ agreed, total }) =>
  `${agreed}/${total} (${total === 0 ? 0 : Math.round((100 * agreed) / total)}%)`;

function print(repos, summary) {
  for (const repo of repos) {
    if (repo.skipped) {
      console.log(`${repo.repo}: skipped (${repo.skipped})`);
      continue;
    }
    const row = summary.repositories[repo.repo];
    console.log(`${repo.repo} @ ${repo.commit.slice(0, 12)}: ${percent(row)}`);
    for (const miss of repo.results.filter((result) => result.observed !== result.expect)) {
      const where = miss.project ? ` [${miss.project}]` : "";
      console.log(`  ✗ ${miss.id}${where}: expected ${miss.expect}, audit says ${miss.observed}`);
      console.log(`      evidence: ${miss.evidence}`);
    }
  }
  console.log("\nper station:");
  for (const [station, row] of Object.entries(summary.stations)) {
    console.log(`  ${station.padEnd(20)} ${percent(row)}`);
  }
  console.log(`\noverall: ${percent(summary.overall)} over ${summary.audited} repositories`);
}

/** A malformed truth file is bad input: one line naming it, exit 2, no stack trace. */
function loadTruthOrExit() {
  try {
    return loadTruth();
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}

const repos = loadTruthOrExit().map((truth) => {
  try {
    return judge(truth);
  } catch (error) {
    return { repo: truth.repo, commit: truth.commit, skipped: error.message.split("\n")[0] };
  }
});
const all = repos.flatMap((repo) => repo.results ?? []);
const perRepo = repos.filter((repo) => repo.results);
const summary = {
  audited: perRepo.length,
  skipped: repos.filter((repo) => repo.skipped).map(({ repo, skipped }) => ({ repo, skipped })),
  overall: tally(all, () => "all").all ?? { agreed: 0, total: 0 },
  stations: tally(all, (result) => factStation(result.id)),
  repositories: Object.fromEntries(
    perRepo.map((repo) => [repo.repo, tally(repo.results, () => "all").all]),
  ),
  disagreements: perRepo.flatMap((repo) =>
    repo.results
      .filter((result) => result.observed !== result.expect)
      .map((result) => ({ repo: repo.repo, ...result })),
  ),
};
if (values.json) console.log(JSON.stringify(summary, null, 2));
else print(repos, summary);
