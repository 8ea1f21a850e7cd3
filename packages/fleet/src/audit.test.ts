import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fixableKeys } from "@paved/adopt/fixable";
import { audit, renderJson, type Report } from "@paved/conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitAll, git, makeRepo, manifest, tempDir, writeTree } from "./__fixtures__/repos.js";
import type { Entry } from "./entry.js";
import type { TaskResult } from "./worker.js";
import { expandRepos, inShard, parseShard } from "./repos.js";
import { runPool } from "./pool.js";
import { fleetAudit } from "./run.js";
import { historyFile, readHistory } from "./store.js";

let root: string;
const entriesOf = (dir: string) => {
  const entries: Entry[] = [];
  readHistory(dir, (entry) => entries.push(entry));
  return entries;
};
const byRepo = (entries: Entry[]) => new Map(entries.map((entry) => [entry.repo, entry]));

beforeAll(() => {
  root = tempDir("audit");
  makeRepo(join(root, "repos", "api"), {
    "package.json": manifest("api", { test: "vitest run", lint: "eslint ." }),
    ".github/CODEOWNERS": "* @acme/payments\n",
  });
  makeRepo(join(root, "repos", "web"), {
    "package.json": manifest("web", { build: "tsc" }),
    "catalog-info.yaml":
      "apiVersion: backstage.io/v1alpha1\nkind: Component\nspec:\n  owner: group:web-team\n",
  });
  // Not a git checkout at all: listed by a walk.
  writeTree(join(root, "repos", "plain"), { "package.json": manifest("plain") });
  // A `.git` that is a file naming no git directory, and a FIFO among the files.
  writeTree(join(root, "repos", "broken"), {
    "package.json": manifest("broken"),
    ".git": "gitdir: /nowhere\n",
  });
  execFileSync("mkfifo", [join(root, "repos", "broken", "pipe")]);
  git(root, "clone", "-q", "--bare", join(root, "repos", "api"), join(root, "bare", "api.git"));
  writeFileSync(join(root, "a-file"), "not a repository\n");
  // A link that leads to itself: skipped in a folder of checkouts, an error when listed.
  symlinkSync("loop", join(root, "repos", "loop"));
  writeFileSync(
    join(root, "list.txt"),
    "# the odd ones\nbare/api.git\nmissing\na-file\nrepos/loop\n",
  );
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("paved fleet audit", () => {
  it("expands directories of checkouts, bare repositories and list files, each once", () => {
    const sources = expandRepos(["repos", "list.txt", "repos/api"], root);
    expect(sources.map((source) => [source.id, source.kind])).toEqual([
      ["a-file", "checkout"],
      ["bare/api.git", "bare"],
      ["missing", "checkout"],
      ["repos/api", "checkout"],
      ["repos/broken", "checkout"],
      ["repos/loop", "checkout"],
      ["repos/plain", "checkout"],
      ["repos/web", "checkout"],
    ]);
    expect(() => expandRepos(["nowhere"], root)).toThrow(/nowhere: no such file or directory/);
  });

  it("writes each report as paved audit writes it, records bad input as errors, and goes on", async () => {
    const out = join(root, "out");
    const result = await fleetAudit(expandRepos(["repos", "list.txt"], root), {
      out,
      jobs: 2,
      timeoutMs: 60_000,
      teams: { "repos/plain": "platform" },
    });
    expect(result).toMatchObject({ audited: 8, errors: 3 });
    const entries = byRepo(entriesOf(out));
    expect(entries.get("missing")).toMatchObject({
      ok: false,
      error: `${join(root, "missing")}: no such directory`,
    });
    expect(entries.get("repos/loop")).toMatchObject({
      ok: false,
      error: `${join(root, "repos", "loop")}: cannot be read (ELOOP)`,
    });
    expect(entries.get("a-file")).toMatchObject({
      ok: false,
      error: `${join(root, "a-file")}: not a directory`,
    });
    for (const repo of ["repos/api", "repos/web", "repos/plain", "repos/broken"]) {
      const entry = entries.get(repo);
      if (!entry?.ok) throw new Error(`${repo} was not audited`);
      const written = readFileSync(join(out, entry.report), "utf8");
      const direct = audit(join(root, repo));
      expect(written).toBe(renderJson(direct, fixableKeys(direct)));
      const report = JSON.parse(written) as Report;
      expect(entry.score).toBe(report.score);
      expect(
        Object.fromEntries(
          report.stations.map((s) => [s.id, { status: s.status, score: s.score }]),
        ),
      ).toEqual(entry.stations);
    }
    expect(entries.get("repos/api")).toMatchObject({
      commit: git(join(root, "repos", "api"), "rev-parse", "HEAD"),
    });
    expect(entries.get("repos/api")).toMatchObject({
      team: { team: "@acme/payments", source: "CODEOWNERS" },
    });
    expect(entries.get("repos/web")).toMatchObject({
      team: { team: "group:web-team", source: "catalog-info.yaml" },
    });
    expect(entries.get("repos/plain")).toMatchObject({
      team: { team: "platform", source: "mapping" },
    });
    // The broken checkout was walked, and its report says why.
    const broken = JSON.parse(
      readFileSync(
        join(out, (entries.get("repos/broken") as Extract<Entry, { ok: true }>).report),
        "utf8",
      ),
    ) as Report;
    expect(broken.target.method).toBe("walk");
    expect(broken.problems.join("\n")).toMatch(/\.git: a file that does not name a git directory/);
  });

  it("audits a bare repository through a temporary checkout, leaving the bare one as it was", async () => {
    const out = join(root, "out-bare");
    const bare = join(root, "bare", "api.git");
    const before = git(bare, "for-each-ref");
    await fleetAudit(expandRepos([bare], root), { out, jobs: 1, timeoutMs: 60_000 });
    const entry = entriesOf(out)[0];
    if (!entry?.ok) throw new Error("the bare repository was not audited");
    const report = JSON.parse(readFileSync(join(out, entry.report), "utf8")) as Report;
    const checkout = audit(join(root, "repos", "api"));
    const expected = JSON.parse(renderJson(checkout, fixableKeys(checkout))) as Report;
    expect(report.target.method).toBe("git");
    expect({ ...report, target: { ...report.target, path: "" } }).toEqual({
      ...expected,
      target: { ...expected.target, path: "" },
    });
    expect(entry).toMatchObject({
      source: "bare",
      commit: git(bare, "rev-parse", "HEAD"),
      team: { team: "@acme/payments" },
    });
    expect(git(bare, "for-each-ref")).toBe(before);
    // Nothing written into it: no index, no fetched head.
    expect(existsSync(join(bare, "index"))).toBe(false);
    expect(existsSync(join(bare, "FETCH_HEAD"))).toBe(false);
  });

  it(
    "audits a repository whose git hangs by a walk, and leaves no git behind",
    { timeout: 20_000 },
    async () => {
      const hung = join(root, "hung");
      makeRepo(join(hung, "stuck"), { "package.json": manifest("stuck") });
      // git reads every .gitignore while it lists untracked files: a FIFO blocks it.
      execFileSync("mkfifo", [join(hung, "stuck", ".gitignore")]);
      makeRepo(join(hung, "fine"), { "package.json": manifest("fine") });
      const out = join(root, "out-hung");
      const result = await fleetAudit(expandRepos(["hung"], root), {
        out,
        jobs: 1,
        timeoutMs: 6000,
      });
      expect(result).toMatchObject({ audited: 2, errors: 0 });
      const entries = byRepo(entriesOf(out));
      expect(entries.get("hung/stuck")).toMatchObject({ ok: true });
      expect(entries.get("hung/fine")).toMatchObject({ ok: true });
      // The worker's git got four fifths of the time limit, then the files were walked: the
      // fifth left (1.2 s) is for the worker's start and the audit, on a busy machine too.
      const reports = readdirSync(join(out, "reports"));
      const stuck = reports.find((name) => name.startsWith("hung_stuck-")) ?? "";
      const report = JSON.parse(readFileSync(join(out, "reports", stuck), "utf8")) as Report;
      expect(report.problems).toContainEqual(expect.stringMatching(/git timed out after 4\.8 s/));
      // No git still waiting on the FIFO: the process that ran it killed it.
      const waiting = readdirSync("/proc")
        .filter((pid) => /^\d+$/.test(pid))
        .filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(join(hung, "stuck"));
          } catch {
            return false;
          }
        });
      expect(waiting).toEqual([]);
    },
  );

  it("records a repository still being audited at the time limit as an error, and finishes the others", async () => {
    // A worker that takes its task and never answers.
    const silent = join(root, "silent-worker.mjs");
    writeFileSync(
      silent,
      'import { parentPort } from "node:worker_threads";\nparentPort.on("message", () => {});\n',
    );
    const sources = expandRepos(["repos"], root).slice(0, 2);
    const results: TaskResult[] = [];
    await runPool(
      sources.map((source) => ({
        source,
        partial: root,
        options: { run: "r", time: "t", scratch: root, reportFile: "x.json" },
      })),
      {
        jobs: 1,
        timeoutMs: 300,
        workerUrl: pathToFileURL(silent),
        onEntry: (entry) => results.push(entry),
      },
    );
    const outcomes = results.map(({ entry }): [string, string | undefined] => [
      entry.repo,
      entry.ok ? undefined : entry.error,
    ]);
    expect(outcomes).toEqual(
      sources.map((source) => [source.id, "over the time limit (0.3 s); the audit was stopped"]),
    );
  });

  it("replaces each worker after its share of repositories, and loses none", async () => {
    const out = join(root, "out-recycled");
    const sources = expandRepos(["repos"], root);
    const tasks = sources.map((source) => ({
      source,
      partial: out,
      options: {
        run: "r",
        time: "t",
        scratch: root,
        reportFile: `${source.id.replace("/", "_")}.json`,
      },
    }));
    mkdirSync(out);
    const seen: string[] = [];
    await runPool(tasks, {
      jobs: 2,
      timeoutMs: 60_000,
      recycleAfter: 1,
      onEntry: ({ entry }) => seen.push(entry.repo),
    });
    expect(seen.sort()).toEqual(sources.map((source) => source.id));
  });

  it("appends a line per repository per run to the history", async () => {
    const out = join(root, "out-twice");
    const sources = expandRepos(["repos"], root);
    await fleetAudit(sources, {
      out,
      jobs: 2,
      timeoutMs: 60_000,
      run: "first",
      time: "2026-01-01T00:00:00.000Z",
    });
    writeTree(join(root, "repos", "web"), { CODEOWNERS: "* @acme/web\n" });
    commitAll(join(root, "repos", "web"), "owners");
    await fleetAudit(sources, {
      out,
      jobs: 2,
      timeoutMs: 60_000,
      run: "second",
      time: "2026-02-01T00:00:00.000Z",
    });
    const lines = readFileSync(join(out, historyFile), "utf8").trim().split("\n");
    expect(lines).toHaveLength(8);
    const entries = entriesOf(out);
    expect(
      entries
        .filter((entry) => entry.run === "first")
        .map((entry) => entry.repo)
        .sort(),
    ).toEqual(sources.map((s) => s.id));
    const web = entries.filter((entry) => entry.repo === "repos/web");
    expect(
      web.map((entry) => (entry.ok ? entry.failing.includes("review/codeowners") : undefined)),
    ).toEqual([true, false]);
  });
});

describe("shards", () => {
  it("split the fleet by name into slices that hold every repository once", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `org/repo-${String(i)}`);
    const shards = [1, 2, 3].map((index) => ids.filter((id) => inShard(id, { index, count: 3 })));
    expect(shards.flat().sort()).toEqual([...ids].sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(40);
    // Stable: a repository's shard does not depend on the others.
    expect(ids.slice(0, 50).filter((id) => inShard(id, { index: 1, count: 3 }))).toEqual(
      shards[0]?.filter((id) => ids.slice(0, 50).includes(id)),
    );
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "1", "a/b", "1/0"]) expect(parseShard(bad)).toBeUndefined();
  });
});
