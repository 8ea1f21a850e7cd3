/**
 * Listing a checkout's files with git, under a configuration the audited repository cannot
 * change. Kept apart from the directory walk (and its gitignore library) so that the CLI can
 * start git before it loads anything else.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Git with a neutralised configuration: no system or global config, no hooks, no fsmonitor
 * (a configured fsmonitor is a program git would run), no pager, no external diff, no prompts,
 * no optional locks, no excludes file from the config (it could name a FIFO), the work tree
 * pinned to the audited directory. The audited repository's own config cannot make git run
 * anything or look elsewhere.
 */
function neutralGitInvocation(
  root: string,
  args: readonly string[],
): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: [
      "-c",
      "core.fsmonitor=false",
      "-c",
      "core.hooksPath=/dev/null",
      "-c",
      "core.pager=cat",
      "-c",
      "diff.external=",
      "-c",
      "core.untrackedCache=false",
      "-c",
      "core.excludesFile=",
      "--no-optional-locks",
      // The audited directory is the work tree, whatever core.worktree says.
      `--work-tree=${root}`,
      "-C",
      root,
      ...args,
    ],
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: "/nonexistent",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_TERMINAL_PROMPT: "0",
      GIT_OPTIONAL_LOCKS: "0",
      GIT_PAGER: "cat",
      GIT_ASKPASS: "/bin/false",
      // Never look above the audited directory for a repository it is not part of.
      GIT_CEILING_DIRECTORIES: join(root, ".."),
    },
  };
}

/** A FIFO or a huge tree named by the repository's config must not hang the audit. */
const gitTimeout = 60_000;

export function neutralGit(root: string, args: readonly string[]) {
  const invocation = neutralGitInvocation(root, args);
  return spawnSync("git", invocation.args, {
    encoding: "buffer",
    timeout: gitTimeout,
    maxBuffer: 512 * 1024 * 1024,
    env: invocation.env,
  });
}

/** The listing: tracked files and untracked ones that are not ignored, NUL-separated. */
export const listingArgs = [
  "ls-files",
  "-z",
  "--cached",
  "--others",
  "--exclude-standard",
  "--deduplicate",
];

function parseListing(output: Buffer): string[] {
  return output
    .toString("utf8")
    .split("\0")
    .filter(
      (path) =>
        path !== "" &&
        !path.startsWith("/") &&
        !(path.includes("..") && path.split("/").includes("..")),
    );
}

/** Lists files with `git ls-files`; undefined if the directory is not a git checkout. */
export function gitFiles(root: string): string[] | undefined {
  const run = neutralGit(root, listingArgs);
  if (run.error || run.status !== 0) return undefined;
  return parseListing(run.stdout);
}

/** Tracked files only: git reads its index, without scanning the working tree. */
export const trackedArgs = ["ls-files", "-z", "--cached", "--deduplicate"];
/** Untracked files that are not ignored: git scans the working tree for them. */
export const untrackedArgs = ["ls-files", "-z", "--others", "--exclude-standard"];

/**
 * Runs a neutral `git ls-files` in the background; undefined where it fails (no checkout). git
 * writes to a private temporary file rather than a pipe: a pipe's 64 KiB fill up while Node
 * is busy loading the engine, and git would wait for Node instead of finishing.
 */
function backgroundListing(root: string, args: readonly string[]): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const invocation = neutralGitInvocation(root, args);
    let dir: string | undefined;
    let fd: number | undefined;
    try {
      dir = mkdtempSync(join(tmpdir(), "paved-listing-"));
      fd = openSync(join(dir, "files"), "w+", 0o600);
    } catch {
      // No usable temporary directory: the caller lists the files itself.
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      resolve(undefined);
      return;
    }
    const output = fd;
    const scratch = dir;
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      let listing: string[] | undefined;
      try {
        if (ok) {
          const buffer = Buffer.allocUnsafe(fstatSync(output).size);
          let length = 0;
          while (length < buffer.length) {
            const read = readSync(output, buffer, length, buffer.length - length, length);
            if (read === 0) break;
            length += read;
          }
          listing = parseListing(buffer.subarray(0, length));
        }
      } catch {
        listing = undefined;
      } finally {
        closeSync(output);
        rmSync(scratch, { recursive: true, force: true });
      }
      resolve(listing);
    };
    const child = spawn("git", invocation.args, {
      env: invocation.env,
      timeout: gitTimeout,
      stdio: ["ignore", output, "ignore"],
    });
    child.on("error", () => {
      finish(false);
    });
    child.on("exit", (code) => {
      finish(code === 0);
    });
  });
}

/**
 * The listing, started in the background in two parts: the CLI starts it before it loads the
 * engine, so that git's work overlaps Node's. Tracked files come from git's index in a few
 * milliseconds; untracked files need a scan of the working tree, which is most of the
 * listing's time, so the CLI can audit the tracked files meanwhile and audit again only if the
 * scan finds untracked files. Together the two parts are `listingArgs`' listing; each resolves
 * to undefined where the directory is not a checkout.
 */
export function startGitListing(root: string): {
  tracked: Promise<string[] | undefined>;
  untracked: Promise<string[] | undefined>;
} {
  return {
    tracked: backgroundListing(root, trackedArgs),
    untracked: backgroundListing(root, untrackedArgs),
  };
}
