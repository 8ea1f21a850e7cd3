import { lstatSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { neutralGit } from "@paved/conformance/listing";
import { asText, readInside } from "@paved/fs";

/** Why a run of git failed, in one line. */
function gitFailure(step: string, run: ReturnType<typeof neutralGit>): string {
  const code = (run.error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === "ETIMEDOUT"
      ? "timed out"
      : code !== undefined
        ? `could not run (${code})`
        : (run.stderr.toString("utf8").trim().split("\n").at(-1) ?? "").slice(0, 200) ||
          `exit ${String(run.status)}`;
  return `git ${step} failed: ${why}`;
}

const objectId = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** A file of the git directory, bounded, as text; undefined when it is not a readable regular file. */
function gitFile(dir: string, path: string): string | undefined {
  const read = asText(readInside(dir, `.git/${path}`, 16 * 1024 * 1024));
  return read.ok ? read.value : undefined;
}

/**
 * The commit HEAD names, read from `.git` itself (HEAD, the loose ref, packed-refs): a process
 * less per repository than `git rev-parse`, which stays the way for anything else (a linked
 * worktree's `.git` file, a symbolic ref to a symbolic ref).
 */
function headFromFiles(dir: string): string | undefined {
  const head = gitFile(dir, "HEAD")?.trim();
  if (head === undefined) return undefined;
  if (objectId.test(head)) return head;
  const ref = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1];
  if (ref === undefined || ref.split("/").includes("..")) return undefined;
  const loose = gitFile(dir, ref)?.trim();
  if (loose !== undefined) return objectId.test(loose) ? loose : undefined;
  for (const line of (gitFile(dir, "packed-refs") ?? "").split("\n")) {
    const [id, name] = line.trim().split(" ");
    if (name === ref && id !== undefined && objectId.test(id)) return id;
  }
  return undefined;
}

/** The commit a checkout is at; undefined outside git or before the first commit. */
export function headCommit(dir: string): string | undefined {
  if (lstatSync(join(dir, ".git"), { throwIfNoEntry: false })?.isDirectory() === true) {
    const commit = headFromFiles(dir);
    if (commit !== undefined) return commit;
  }
  const run = neutralGit(dir, ["rev-parse", "--verify", "-q", "HEAD"]);
  const commit = run.status === 0 ? run.stdout.toString("utf8").trim() : "";
  return objectId.test(commit) ? commit : undefined;
}

/**
 * A bare repository's HEAD checked out into a fresh temporary directory under `scratch`, with
 * the audit's neutralised git (no hooks, no filters, no config from the repository): a new
 * repository fetches HEAD at depth 1, so the bare one is only read. The caller removes `dir`.
 */
export function checkoutBare(bare: string, scratch: string): { dir: string } | { error: string } {
  const dir = mkdtempSync(join(scratch, "bare-"));
  const git = (args: string[]) => neutralGit(dir, [`--git-dir=${join(dir, ".git")}`, ...args]);
  const steps: [string, string[]][] = [
    ["init", ["init", "-q"]],
    ["fetch", ["fetch", "-q", "--depth=1", "--no-tags", "--", bare, "HEAD"]],
    ["checkout", ["checkout", "-q", "--detach", "FETCH_HEAD"]],
  ];
  for (const [step, args] of steps) {
    const run = git(args);
    if (run.error || run.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return { error: gitFailure(step, run) };
    }
  }
  return { dir };
}
