import { neutralGit } from "@paved/conformance/listing";

/** One commit, as delivery metrics need it. */
export interface Commit {
  sha: string;
  parents: string[];
  /** Author time, seconds since the epoch: when the change was made. */
  authored: number;
  /** Committer time: when it landed on its branch (a merge's time is its landing). */
  committed: number;
  subject: string;
  /** The commit a `git revert` names ("This reverts commit <sha>."), if any. */
  reverts?: string;
}

/** One tag, peeled to its commit; its time is an annotated tag's tagger date, else the commit's. */
export interface Tag {
  name: string;
  sha: string;
  time: number;
}

export interface History {
  commits: Map<string, Commit>;
  tags: Tag[];
  /** The trunk's first-parent line, newest first. */
  trunk: string[];
}

/** Why git could not be read: not a repository, or git itself failed. */
export class HistoryError extends Error {
  override name = "HistoryError";
}

function run(dir: string, args: readonly string[]): string {
  const result = neutralGit(dir, args);
  if (result.error !== undefined || result.status !== 0) {
    const stderr = result.stderr.toString("utf8").trim().split("\n")[0] ?? "";
    throw new HistoryError(
      `${dir}: git could not read the history (${stderr || (result.error?.message ?? `exit ${String(result.status)}`)}); pass a git checkout.`,
    );
  }
  return result.stdout.toString("utf8");
}

const revertPattern = /This reverts commit ([0-9a-f]{7,40})/;

/**
 * Reads a repository's history with the audit's neutralised git, in two commands: the tags
 * (peeled, with their dates) and every commit reachable from HEAD or a tag. Nothing of the
 * repository runs; git's own configuration from the repository cannot make it run anything.
 */
export function readHistory(dir: string): History {
  const head = hasHead(dir);
  const refs = run(dir, [
    "for-each-ref",
    "--format=%(refname:strip=2)%00%(objecttype)%00%(taggerdate:unix)%00%(*objectname)%00%(objectname)%00%(committerdate:unix)%00%(*committerdate:unix)",
    "refs/tags",
  ]);
  const tags: Tag[] = [];
  for (const line of refs.split("\n")) {
    if (line === "") continue;
    const [name = "", type, taggerDate, peeled, object = "", date, peeledDate] = line.split("\0");
    const annotated = type === "tag";
    // A tag of a tree or blob is no deployment; an annotated tag of a tag peels to its commit.
    const sha = annotated ? (peeled ?? "") : object;
    // An annotated tag without a tagger line (old git) falls back to its commit's date.
    const time = Number(annotated ? (taggerDate === "" ? peeledDate : taggerDate) : date);
    if (sha !== "" && Number.isFinite(time) && (type === "commit" || peeled !== ""))
      tags.push({ name, sha, time });
  }
  const commits = new Map<string, Commit>();
  if (head || tags.length > 0) {
    const log = run(dir, [
      "log",
      "--format=%H%x00%P%x00%at%x00%ct%x00%s%x00%b%x1e",
      ...(head ? ["HEAD"] : []),
      ...(tags.length > 0 ? ["--tags"] : []),
      "--",
    ]);
    for (const record of log.split("\x1e")) {
      const trimmed = record.replace(/^\n/, "");
      if (trimmed === "") continue;
      const [sha = "", parents = "", authored, committed, subject = "", body = ""] =
        trimmed.split("\0");
      const reverted = revertPattern.exec(body)?.[1];
      commits.set(sha, {
        sha,
        parents: parents === "" ? [] : parents.split(" "),
        authored: Number(authored),
        committed: Number(committed),
        subject,
        ...(reverted === undefined ? {} : { reverts: reverted }),
      });
    }
  }
  return {
    commits,
    tags,
    trunk: head ? firstParents(commits, run(dir, ["rev-parse", "HEAD"]).trim()) : [],
  };
}

function hasHead(dir: string): boolean {
  const result = neutralGit(dir, ["rev-parse", "--verify", "--quiet", "HEAD"]);
  if (result.error !== undefined)
    throw new HistoryError(`${dir}: git could not be run (${result.error.message}).`);
  if (result.status !== 0) {
    // No commit yet, or not a repository at all: only the second is an error.
    const inside = neutralGit(dir, ["rev-parse", "--git-dir"]);
    if (inside.status !== 0)
      throw new HistoryError(`${dir}: not a git repository; pass a git checkout.`);
    return false;
  }
  return true;
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
