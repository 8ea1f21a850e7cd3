// The truth set's files, its vocabulary, and the agreement script run end to end on a real git
// mirror (a bare repository in a temp dir) audited by the built CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateFacts } from "./facts.mjs";

interface Truth {
  repo: string;
  facts: unknown[];
}

interface Summary {
  overall: { agreed: number; total: number };
  stations: Record<string, { agreed: number; total: number }>;
  disagreements: unknown[];
  skipped: unknown[];
}

const here = import.meta.dirname;
const script = join(here, "agreement.mjs");
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp() {
  const dir = mkdtempSync(join(tmpdir(), "truth-test-"));
  temps.push(dir);
  return dir;
}

function write(root: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();

const readOnly = "permissions:\n  contents: read\n";
const workflow = (permissions: string) =>
  `on: push\n${permissions}jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n`;

/** A mirror as `fetch` leaves it (MIRROR/owner+name/repo, bare) of a small repository. */
function mirror() {
  const work = temp();
  write(work, {
    "package.json": JSON.stringify({ name: "demo", version: "1.0.0", scripts: { test: "x" } }),
    "package-lock.json": "{}\n",
    // a.yml passes ci/permissions and comes first; b.yml fails it.
    ".github/workflows/a.yml": workflow(readOnly),
    ".github/workflows/b.yml": workflow(""),
  });
  git(work, "init", "--quiet");
  git(work, "add", ".");
  git(work, "commit", "--quiet", "-m", "demo");
  const commit = git(work, "rev-parse", "HEAD");
  const mirrors = temp();
  git(mirrors, "clone", "--quiet", "--bare", work, join(mirrors, "demo+demo", "repo"));
  return { mirrors, commit };
}

function agreement(truthDir: string, mirrors: string, env: NodeJS.ProcessEnv = process.env) {
  const args = [script, "--truth", truthDir, "--mirror", mirrors, "--json"];
  return spawnSync(process.execPath, args, { encoding: "utf8", env });
}

describe("the truth set", () => {
  const dir = join(here, "repos");
  const files = readdirSync(dir).filter((name) => name.endsWith(".json"));

  it("holds at least 20 repositories and 150 facts, every file well-formed", () => {
    let facts = 0;
    for (const name of files) {
      const truth = JSON.parse(readFileSync(join(dir, name), "utf8")) as Truth;
      expect(() => {
        validateFacts(truth, name);
      }).not.toThrow();
      expect(name).toBe(`${truth.repo.replace("/", "__")}.json`);
      facts += truth.facts.length;
    }
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(facts).toBeGreaterThanOrEqual(150);
  });

  it("rejects an unknown fact id, naming the file", () => {
    const truth = {
      repo: "a/b",
      commit: "0".repeat(40),
      facts: [{ id: "station:linting", expect: "present", evidence: "x" }],
    };
    expect(() => {
      validateFacts(truth, "a__b.json");
    }).toThrow(/a__b\.json: unknown fact id "station:linting"/);
  });
});

describe("agreement.mjs", () => {
  it("audits the recorded commit and counts agreement, one failing workflow failing the rule", () => {
    const { mirrors, commit } = mirror();
    const truthDir = temp();
    const facts = [
      { id: "rule:security/lockfile", expect: "pass", evidence: "package-lock.json" },
      { id: "rule:ci/permissions", expect: "fail", evidence: "b.yml has no permissions" },
      { id: "station:pre-commit", expect: "absent", evidence: "no hook manager" },
      // Wrong on purpose: the audit must disagree.
      { id: "station:dependency-updates", expect: "present", evidence: "none, really" },
    ];
    write(truthDir, { "demo__demo.json": JSON.stringify({ repo: "demo/demo", commit, facts }) });
    const run = agreement(truthDir, mirrors);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.overall).toEqual({ agreed: 3, total: 4 });
    expect(summary.disagreements).toMatchObject([
      { id: "station:dependency-updates", expect: "present", observed: "absent" },
    ]);
    expect(summary.stations).toMatchObject({ ci: { agreed: 1, total: 1 } });
  });

  it("skips a repository whose mirror is absent, and still exits 0", () => {
    const truthDir = temp();
    const facts = [{ id: "rule:security/lockfile", expect: "pass", evidence: "lockfile" }];
    const truth = { repo: "no/where", commit: "1".repeat(40), facts };
    write(truthDir, { "no__where.json": JSON.stringify(truth) });
    const run = agreement(truthDir, temp());
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as Summary).skipped).toEqual([
      { repo: "no/where", skipped: "no mirror" },
    ]);
  });

  it("skips a commit the mirror lacks, and leaves no checkout behind", () => {
    const { mirrors } = mirror();
    const truthDir = temp();
    const scratch = temp();
    const missing = "2".repeat(40);
    const facts = [{ id: "rule:security/lockfile", expect: "pass", evidence: "lockfile" }];
    write(truthDir, {
      "demo__demo.json": JSON.stringify({ repo: "demo/demo", commit: missing, facts }),
    });
    const run = agreement(truthDir, mirrors, { ...process.env, TMPDIR: scratch });
    expect(run.status).toBe(0);
    const { skipped } = JSON.parse(run.stdout) as Summary;
    expect(JSON.stringify(skipped)).toContain(`cannot check out ${missing}`);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("stops on a malformed truth file with one line naming it", () => {
    const truthDir = temp();
    write(truthDir, { "bad__file.json": "{ not json" });
    const run = agreement(truthDir, temp());
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/bad__file\.json: not valid JSON/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});
