import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One commit, as delivery metrics need it. */
export interface Commit {
  sha: string;
  parents: string[];
  /** Author time, seconds since the epoch: when the change was made. */
  authored: number;
  /** Committer time: when it landed on its branch (a merge's time is its landing). */
  committed: number;
  /** The commit a `git revert` names ("This reverts commit <sha>."), if any. */
  reverts?: string;
}

/**
 * One tag, peeled to its commit. Its time is an annotated tag's tagger date, else its commit's
 * committer date: undefined where that commit is older than the history read (`since`).
 */
export interface Tag {
  name: string;
  sha: string;
  time?: number;
}

export interface History {
  commits: Map<string, Commit>;
  tags: Tag[];
  /** The trunk's first-parent line, newest first. */
  trunk: string[];
}

/**
 * How to run git in a directory: the arguments and environment. Callers pass the audit's
 * neutralised git (`neutralGitInvocation` of `@paved/conformance/listing`), so that nothing of
 * the repository's configuration runs.
 */
export type GitInvocation = (
  dir: string,
  args: readonly string[],
) => { args: string[]; env: NodeJS.ProcessEnv };

export interface HistoryOptions {
  git: GitInvocation;
  /** Only commits committed from this time on (seconds since the epoch): a shorter walk. */
  since?: number;
  /** The trunk's branch name (`main`); default: HEAD. */
  trunk?: string;
  /**
   * How long each git process may take (default 60 s: a million commits take git about 10 s).
   * The audit gives less: a FIFO among a hostile repository's objects would block git.
   */
  timeoutMs?: number;
  /**
   * The output of `prefetchCommands(since)`, run earlier (the CLI starts them in the background
   * beside the listing): used instead of running git where no trunk is named and `since` is
   * the one they were run for.
   */
  prefetched?: PrefetchedHistory;
}

/** What git printed for the two commands of `prefetchCommands`, each having exited 0. */
export interface PrefetchedHistory {
  since: number | undefined;
  refs: Buffer;
  log: Buffer;
}

/** Why git could not be read: not a repository, or git itself failed. */
export class HistoryError extends Error {
  override name = "HistoryError";
}

const defaultTimeout = 60_000;

/** git as this module runs it: how, and for how long at most. */
interface Git {
  invocation: GitInvocation;
  timeoutMs: number;
}
/** git's output kept in memory: 82,000 commits with their messages are 51 MB. */
const maxOutput = 512 * 1024 * 1024;

function spawnGit(
  dir: string,
  git: Git,
  args: readonly string[],
  stdout: "pipe" | number = "pipe",
): SpawnSyncReturns<Buffer> {
  const invocation = git.invocation(dir, args);
  return spawnSync("git", invocation.args, {
    env: invocation.env,
    stdio: ["ignore", stdout, "pipe"],
    timeout: git.timeoutMs,
    maxBuffer: maxOutput,
  });
}

function run(dir: string, git: Git, args: readonly string[]): string {
  return succeeded(dir, spawnGit(dir, git, args)).toString("utf8");
}

/**
 * A long output, written by git straight to a private temporary file and read once: through a
 * pipe, Node spent 0.3 s of system time receiving git/git's 51 MB in small writes.
 */
function runToFile(dir: string, git: Git, args: readonly string[]): Buffer | undefined {
  const scratch = mkdtempSync(join(tmpdir(), "paved-history-"));
  const fd = openSync(join(scratch, "log"), "wx+", 0o600);
  try {
    const result = spawnGit(dir, git, args, fd);
    if (result.error !== undefined) succeeded(dir, { ...result, stdout: Buffer.alloc(0) });
    if (result.status !== 0) return undefined;
    const size = fstatSync(fd).size;
    if (size > maxOutput)
      throw new HistoryError(
        `${dir}: the history is larger than ${String(maxOutput >> 20)} MiB of git output; pass --since to read less.`,
      );
    const out = Buffer.allocUnsafe(size);
    for (let done = 0; done < size;) {
      const read = readSync(fd, out, done, size - done, done);
      if (read === 0) return out.subarray(0, done);
      done += read;
    }
    return out;
  } finally {
    closeSync(fd);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** git's output, or a HistoryError with git's first line of complaint. */
function succeeded(dir: string, result: SpawnSyncReturns<Buffer>): Buffer {
  if (result.error !== undefined || result.status !== 0) {
    const stderr = result.stderr.toString("utf8").trim().split("\n")[0] ?? "";
    throw new HistoryError(
      `${dir}: git could not read the history (${stderr || (result.error?.message ?? `exit ${String(result.status)}`)}); pass a git checkout.`,
    );
  }
  return result.stdout;
}

/**
 * Reads a repository's history with the given git, in two commands where it can: the tags
 * (peeled, with their dates), then every commit reachable from HEAD, the trunk or a tag, each
 * with its decorations, which say which one HEAD is. Each git process costs an audit time, so
 * HEAD is not asked for apart. Nothing of the repository runs; git's own configuration from
 * the repository cannot make it run anything.
 */
export function readHistory(dir: string, options: HistoryOptions): History {
  const { prefetched } = options;
  if (prefetched !== undefined && options.trunk === undefined && prefetched.since === options.since)
    return prefetchedHistory(prefetched);
  const git: Git = { invocation: options.git, timeoutMs: options.timeoutMs ?? defaultTimeout };
  const refs = spawnGit(dir, git, ["for-each-ref", tagFormat, "refs/tags"]);
  if (refs.status !== 0) hasHead(dir, git); // says "not a git repository" where it is not
  const tagged = readTags(succeeded(dir, refs).toString("utf8"));
  const trunkRef = options.trunk === undefined ? undefined : trunkRefOf(dir, git, options.trunk);
  const rest = [
    ...(trunkRef === undefined ? [] : [trunkRef]),
    ...(tagged.length > 0 ? ["--tags"] : []),
    ...sinceArgs(options.since),
  ];
  let read = readCommits(dir, git, ["HEAD", ...rest]);
  // HEAD fails only where it has no commit yet (a new repository): its tags may still count.
  if (read === undefined && !hasHead(dir, git))
    read =
      trunkRef === undefined && tagged.length === 0
        ? { commits: new Map(), head: undefined }
        : readCommits(dir, git, rest);
  if (read === undefined)
    throw new HistoryError(`${dir}: git could not read the history; pass a git checkout.`);
  const trunkTip =
    trunkRef === undefined ? read.head : run(dir, git, ["rev-parse", trunkRef]).trim();
  return {
    commits: read.commits,
    tags: withTimes(tagged, read.commits),
    trunk: trunkTip === undefined ? [] : firstParents(read.commits, trunkTip),
  };
}

/**
 * The tags, peeled, and an annotated tag's tagger date. Commits' dates are not asked of git
 * here: the log has them for every commit a tag can count for, and reading each tag's commit
 * again made up a third of this command's time (406 tags: 8.3 ms against 6.2 ms).
 */
const tagFormat =
  "--format=%(refname:strip=2)%00%(objecttype)%00%(taggerdate:unix)%00%(*objectname)%00%(objectname)";

/** A tag as `tagFormat` gives it: its commit and, for an annotated tag, its tagger date. */
interface ReadTag {
  name: string;
  sha: string;
  tagged: number | undefined;
}

function readTags(refs: string): ReadTag[] {
  const tags: ReadTag[] = [];
  for (const line of refs.split("\n")) {
    if (line === "") continue;
    const [name = "", type, taggerDate, peeled, object = ""] = line.split("\0");
    const annotated = type === "tag";
    // A tag of a tree or blob is no deployment; an annotated tag of a tag peels to its commit.
    const sha = annotated ? (peeled ?? "") : object;
    if (sha === "" || (type !== "commit" && peeled === "")) continue;
    const tagged = annotated && taggerDate !== "" ? Number(taggerDate) : undefined;
    tags.push({ name, sha, tagged: Number.isFinite(tagged) ? tagged : undefined });
  }
  return tags;
}

/**
 * Each tag's time: an annotated tag's tagger date, else (a lightweight tag, or an annotated one
 * without a tagger line, from old git) its commit's committer date, where the log read it.
 */
function withTimes(tags: readonly ReadTag[], commits: ReadonlyMap<string, Commit>): Tag[] {
  return tags.map(({ name, sha, tagged }) => {
    const time = tagged ?? commits.get(sha)?.committed;
    return time === undefined ? { name, sha } : { name, sha, time };
  });
}

const unit = 0x1f;
const revertLine = Buffer.from("This reverts commit ");
const isHex = (byte: number | undefined) =>
  byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66));

/**
 * The commits, from one `git log -z`: NUL between commits, unit separators between the fields,
 * the message last. Parsed as bytes: only the short fields are decoded, and the messages are
 * searched for `git revert`'s line in one pass over the output instead of one per commit.
 * A message that imitates a record can only add commits to its own repository's figures.
 * Undefined where git fails to walk the revisions (HEAD with no commit).
 */
function readCommits(
  dir: string,
  git: Git,
  revs: readonly string[],
): { commits: Map<string, Commit>; head: string | undefined } | undefined {
  const out = runToFile(dir, git, logArgs(revs));
  return out === undefined ? undefined : parseCommits(out);
}

/** `git log` of the revisions, as `parseCommits` reads it. */
const logArgs = (revs: readonly string[]): string[] => [
  "log",
  "-z",
  "--format=%H%x1f%P%x1f%at%x1f%ct%x1f%D%x1f%B",
  ...revs,
  "--",
];

const sinceArgs = (since: number | undefined): string[] =>
  since === undefined ? [] : [`--since=${new Date(since * 1000).toISOString()}`];

/**
 * The two git commands `readHistory` runs where no trunk is named: the tags, and the log of
 * HEAD and every tag (`--tags` adds nothing where there are none). Arguments for the audit's
 * neutralised git; their output goes to `readHistory` as `prefetched`.
 */
export function prefetchCommands(since: number | undefined): { refs: string[]; log: string[] } {
  return {
    refs: ["for-each-ref", tagFormat, "refs/tags"],
    log: logArgs(["HEAD", "--tags", ...sinceArgs(since)]),
  };
}

/** The history from the output of `prefetchCommands`. */
function prefetchedHistory(prefetched: PrefetchedHistory): History {
  const read = parseCommits(prefetched.log);
  return {
    commits: read.commits,
    tags: withTimes(readTags(prefetched.refs.toString("utf8")), read.commits),
    trunk: read.head === undefined ? [] : firstParents(read.commits, read.head),
  };
}

/** The commits of `git log -z` output in `logArgs`' format, and which one HEAD is. */
function parseCommits(out: Buffer): { commits: Map<string, Commit>; head: string | undefined } {
  const commits = new Map<string, Commit>();
  let head: string | undefined;
  let revert = out.indexOf(revertLine);
  for (let start = 0; start < out.length;) {
    let end = out.indexOf(0, start);
    if (end === -1) end = out.length;
    const fields: number[] = [];
    for (let at = start; fields.length < 5; at += 1) {
      at = out.indexOf(unit, at);
      if (at === -1 || at > end) break;
      fields.push(at);
    }
    while (revert !== -1 && revert < start) revert = out.indexOf(revertLine, revert + 1);
    const [a, b, c, d, e] = fields;
    if (
      a !== undefined &&
      b !== undefined &&
      c !== undefined &&
      d !== undefined &&
      e !== undefined
    ) {
      const sha = out.toString("latin1", start, a);
      const parents = out.toString("latin1", a + 1, b);
      if (e > d + 1 && isHead(out.toString("utf8", d + 1, e))) head ??= sha;
      let reverts: string | undefined;
      if (revert !== -1 && revert < end) {
        let tail = revert + revertLine.length;
        while (isHex(out[tail]) && tail - revert - revertLine.length < 64) tail += 1;
        if (tail - revert - revertLine.length >= 7)
          reverts = out.toString("latin1", revert + revertLine.length, tail);
      }
      commits.set(sha, {
        sha,
        parents: parents === "" ? [] : parents.split(" "),
        authored: Number(out.toString("latin1", b + 1, c)),
        committed: Number(out.toString("latin1", c + 1, d)),
        ...(reverts === undefined ? {} : { reverts }),
      });
    }
    start = end + 1;
  }
  resolveReverts(commits);
  return { commits, head };
}

/** `%D` of the checked-out commit: `HEAD -> main`, or `HEAD` alone when detached. */
const isHead = (decorations: string) =>
  decorations.split(", ").some((name) => name === "HEAD" || name.startsWith("HEAD -> "));

/**
 * A revert names its commit as `git revert` wrote it, often abbreviated: each abbreviation is
 * made full here by a binary search of the sorted shas (a scan of every commit per revert took
 * git/git's history 0.1 s, a table per abbreviation length 4 s). One that names no commit read,
 * or more than one, is dropped.
 */
function resolveReverts(commits: Map<string, Commit>): void {
  const short = [...commits.values()].filter(
    (commit) => commit.reverts !== undefined && !commits.has(commit.reverts),
  );
  if (short.length === 0) return;
  const sorted = [...commits.keys()].sort();
  for (const commit of short) {
    const prefix = commit.reverts ?? "";
    let [low, high] = [0, sorted.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sorted[middle] ?? "") < prefix) low = middle + 1;
      else high = middle;
    }
    const found = sorted[low];
    if (found?.startsWith(prefix) === true && sorted[low + 1]?.startsWith(prefix) !== true)
      commit.reverts = found;
    else delete commit.reverts;
  }
}

function hasHead(dir: string, git: Git): boolean {
  const result = spawnGit(dir, git, ["rev-parse", "--verify", "--quiet", "HEAD"]);
  if (result.error !== undefined)
    throw new HistoryError(`${dir}: git could not be run (${result.error.message}).`);
  if (result.status !== 0) {
    // No commit yet, or not a repository at all: only the second is an error.
    const inside = spawnGit(dir, git, ["rev-parse", "--git-dir"]);
    if (inside.status !== 0)
      throw new HistoryError(`${dir}: not a git repository; pass a git checkout.`);
    return false;
  }
  return true;
}

/** The trunk's ref: the local branch, else the remote-tracking one of `origin` (a CI clone). */
function trunkRefOf(dir: string, git: Git, trunk: string): string {
  for (const ref of [`refs/heads/${trunk}`, `refs/remotes/origin/${trunk}`])
    if (spawnGit(dir, git, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).status === 0)
      return ref;
  throw new HistoryError(
    `${dir}: no branch ${trunk} (nor origin/${trunk}); set "dora" → "trunk" in paved.config.json to the trunk's name.`,
  );
}

function firstParents(commits: ReadonlyMap<string, Commit>, head: string): string[] {
  const line: string[] = [];
  const seen = new Set<string>();
  for (let sha: string | undefined = head; sha !== undefined && !seen.has(sha);) {
    seen.add(sha);
    line.push(sha);
    sha = commits.get(sha)?.parents[0];
  }
  return line;
}
