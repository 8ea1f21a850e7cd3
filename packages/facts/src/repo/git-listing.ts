/**
 * Listing a checkout's files with git, under a configuration the audited repository cannot
 * change. Kept apart from the directory walk (and its gitignore library) so that the CLI can
 * start git before it loads anything else.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from "node:fs";
import { constants as osConstants, setPriority, tmpdir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";

/**
 * Git with a neutralised configuration: no system or global config, no hooks, no fsmonitor
 * (a configured fsmonitor is a program git would run), no pager, no external diff, no prompts,
 * no optional locks, no excludes file from the config (it could name a FIFO), the work tree
 * pinned to the audited directory. The audited repository's own config cannot make git run
 * anything or look elsewhere.
 */
export function neutralGitInvocation(
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

/**
 * A FIFO where git expects a file (a `.gitignore`, an included config) would block git: it
 * gets this long, then the audit walks the directory instead and says so. `git ls-files` of a
 * 7,500-file checkout takes about 30 ms, so this leaves room for trees 100 times as big.
 */
const defaultGitTimeout = 10_000;
let gitTimeout = defaultGitTimeout;

/**
 * Shortens the time limit of the neutral gits this thread runs (never beyond the default): a
 * fleet worker gets less than its repository's time limit, so that git is killed by the thread
 * that started it before the pool lets that thread go. A git blocked on a FIFO would otherwise
 * outlive the thread, and the process, waiting for a writer that never comes.
 */
export function limitGitTime(ms: number): void {
  gitTimeout = Math.max(1, Math.min(defaultGitTimeout, Math.floor(ms)));
}

/** The time limit of this thread's neutral gits, for an audit's other gits (its history's). */
export const gitTimeLimit = (): number => gitTimeout;

/** Where `git` is on a `PATH`, found once per `PATH`. */
const gitPaths = new Map<string, string>();

/**
 * The `git` a child process would run, as an absolute path, or `git` where none is found (the
 * spawn then fails as it would have). Found here once instead of by each child: libuv waits for
 * a child's exec, and a child searching the directories of `PATH` tries an exec in each.
 */
export function gitOnPath(path: string): string {
  const known = gitPaths.get(path);
  if (known !== undefined) return known;
  let found = "git";
  if (process.platform !== "win32") {
    for (const dir of path.split(":")) {
      // A relative directory (the current one, where PATH has an empty entry) is the child's
      // to search, in its turn: from there on, the child searches as it did.
      if (!isAbsolute(dir)) break;
      const candidate = join(dir, "git");
      try {
        accessSync(candidate, constants.X_OK);
        if (!statSync(candidate).isFile()) continue;
        found = candidate;
        break;
      } catch {
        // Not there, or not ours to run: the next directory.
      }
    }
  }
  gitPaths.set(path, found);
  return found;
}

export function neutralGit(root: string, args: readonly string[]) {
  const invocation = neutralGitInvocation(root, args);
  return spawnSync(gitOnPath(invocation.env["PATH"] ?? ""), invocation.args, {
    encoding: "buffer",
    timeout: gitTimeout,
    maxBuffer: 512 * 1024 * 1024,
    env: invocation.env,
  });
}

/**
 * What git lists: the files on disk (tracked ones deleted from the working tree are left out),
 * and the problems met (names that are not UTF-8). `failed` says why git could not list a
 * checkout: the caller walks it instead, and reports that.
 */
export type GitListing =
  | {
      ok: true;
      files: string[];
      deleted: string[];
      problems: string[];
      /** The bytes of each name that is not UTF-8, by the escaped name it is listed as. */
      raw?: Map<string, Buffer>;
    }
  | { ok: false; problem: string };

/**
 * The listing: tracked files, untracked ones that are not ignored, and (tagged `R`) tracked
 * ones deleted from the working tree, NUL-separated, each tagged (`-t`) with its status.
 */
export const listingArgs = [
  "ls-files",
  "-z",
  "-t",
  "--cached",
  "--others",
  "--exclude-standard",
  "--deleted",
  "--deduplicate",
];

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * A name as the report shows it: UTF-8 as it is, any other byte as `\xNN`. Names are bytes to
 * git; a workflow named with a Latin-1 byte must still be listed, and shown.
 */
function displayName(bytes: Buffer): { name: string; utf8: boolean } {
  try {
    return { name: decoder.decode(bytes), utf8: true };
  } catch {
    let name = "";
    for (let i = 0; i < bytes.length;) {
      const length = sequenceLength(bytes, i);
      if (length === 0) {
        name += `\\x${(bytes[i] ?? 0).toString(16).padStart(2, "0")}`;
        i += 1;
      } else {
        name += decoder.decode(bytes.subarray(i, i + length));
        i += length;
      }
    }
    return { name, utf8: false };
  }
}

/** The length of the valid UTF-8 sequence at `i`, or 0 if the byte there does not start one. */
function sequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i] ?? 0;
  const length =
    lead < 0x80
      ? 1
      : lead >= 0xc2 && lead < 0xe0
        ? 2
        : lead >= 0xe0 && lead < 0xf0
          ? 3
          : lead >= 0xf0 && lead < 0xf5
            ? 4
            : 0;
  if (length <= 1 || i + length > bytes.length) return length > 1 ? 0 : length;
  try {
    decoder.decode(bytes.subarray(i, i + length));
    return length;
  } catch {
    return 0;
  }
}

const contained = (path: string) =>
  path !== "" && !path.startsWith("/") && !(path.includes("..") && path.split("/").includes(".."));

/**
 * `ls-files -z` output that is not all UTF-8, as entries of (tag, name): each name escaped
 * where it is not UTF-8, with its bytes.
 */
function byteEntries(
  output: Buffer,
  tagged: boolean,
): { tag: string; name: string; utf8: boolean; bytes?: Buffer }[] {
  const found: { tag: string; name: string; utf8: boolean; bytes?: Buffer }[] = [];
  for (let from = 0; from < output.length;) {
    const nul = output.indexOf(0, from);
    const end = nul === -1 ? output.length : nul;
    const entry = output.subarray(from, end);
    from = end + 1;
    if (entry.length === 0) continue;
    const bytes = tagged ? entry.subarray(2) : entry;
    const { name, utf8 } = displayName(bytes);
    found.push({
      tag: tagged ? String.fromCharCode(entry[0] ?? 0) : "H",
      name,
      utf8,
      ...(utf8 ? {} : { bytes: Buffer.from(bytes) }),
    });
  }
  return found;
}

/** The tag `ls-files -t` gives a tracked file deleted from the working tree. */
const removedTag = "R".charCodeAt(0);

/**
 * Parses `ls-files -z` output, tagged (`-t`) or not (then of `--deduplicate`): deleted files
 * (`R`) are left out. git lists the index in order, so the entries of one path (its merge
 * stages, and its `R` after its cached entry) are adjacent.
 */
export function parseListing(output: Buffer, tagged: boolean): GitListing {
  let text: string;
  try {
    text = decoder.decode(output);
  } catch {
    return parseByteListing(output, tagged);
  }
  return tagged ? parseTagged(text) : parseNames(text);
}

/**
 * Untagged output of `--deduplicate`d tracked files: split natively, which in a cold process
 * is several times faster than any loop over the entries (0.8 ms against 2-5 ms for 7,500
 * names); only output with a name that might leave the checkout is filtered name by name.
 */
function parseNames(text: string): GitListing {
  const files = text.split("\0");
  if (files.at(-1) === "") files.pop();
  const suspicious =
    /^[/\0]/.test(text) || text.includes("\0/") || text.includes("..") || text.includes("\0\0");
  return {
    ok: true,
    files: suspicious ? files.filter(contained) : files,
    deleted: [],
    problems: [],
  };
}

/** Tagged output: one slice per name, and nothing else allocated per entry. */
function parseTagged(text: string): GitListing {
  const files: string[] = [];
  const deleted: string[] = [];
  for (let from = 0; from < text.length;) {
    let nul = text.indexOf("\0", from);
    if (nul === -1) nul = text.length;
    if (nul > from + 2) {
      const name = text.slice(from + 2, nul);
      if (text.charCodeAt(from) === removedTag) {
        if (deleted.at(-1) !== name && contained(name)) deleted.push(name);
      } else if (files.at(-1) !== name && contained(name)) {
        files.push(name);
      }
    }
    from = nul + 1;
  }
  if (deleted.length === 0) return { ok: true, files, deleted, problems: [] };
  const gone = new Set(deleted);
  return { ok: true, files: files.filter((file) => !gone.has(file)), deleted, problems: [] };
}

/**
 * `parseListing` for output with names that are not UTF-8: each keeps its bytes. On UTF-8
 * output it gives what `parseListing` gives (a property test holds them to each other).
 */
export function parseByteListing(output: Buffer, tagged: boolean): GitListing {
  const files = new Set<string>();
  const deleted = new Set<string>();
  const problems = new Set<string>();
  const raw = new Map<string, Buffer>();
  for (const { tag, name, utf8, bytes } of byteEntries(output, tagged)) {
    if (!contained(name)) continue;
    if (tag === "R") deleted.add(name);
    else files.add(name);
    if (!utf8 && tag !== "R" && bytes !== undefined) {
      raw.set(name, bytes);
      problems.add(`${name}: a name that is not UTF-8 (shown with \\x escapes); read by its bytes`);
    }
  }
  for (const name of deleted) files.delete(name);
  return {
    ok: true,
    files: [...files],
    deleted: [...deleted],
    problems: [...problems],
    ...(raw.size > 0 ? { raw } : {}),
  };
}

/**
 * Files git opens under the git directory, to list the files or to read the history: one that
 * is not a regular file (a FIFO, a device) would block git or feed it without end, so git is
 * not run at all.
 */
const gitDirFiles = [
  "config",
  "HEAD",
  "index",
  "commondir",
  "info/exclude",
  "info/sparse-checkout",
  // What the history's gits read besides: each blocks `git log` or `git for-each-ref` as a FIFO.
  "packed-refs",
  "shallow",
  "info/grafts",
  "objects/info/alternates",
];

/** Why git must not be run on this checkout, or undefined. Also checks the files `config` includes. */
function gitBlocker(root: string): string | undefined {
  const dotGit = join(root, ".git");
  const stat = lstatSync(dotGit, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (!stat.isDirectory() && !stat.isFile()) return ".git: not a directory or a regular file";
  // A linked worktree or a submodule: `.git` names the git directory (`gitdir: …`).
  const gitDir = stat.isFile() ? linkedGitDir(root, dotGit) : dotGit;
  if (gitDir === undefined) return ".git: a file that does not name a git directory";
  for (const file of gitDirFiles) {
    const found = lstatSync(join(gitDir, file), { throwIfNoEntry: false });
    if (found && !found.isFile()) return `${shown(root, join(gitDir, file))}: not a regular file`;
  }
  return includeBlocker(root, join(gitDir, "config"), 0);
}

/**
 * `gitBlocker` once per root for the gits started in one synchronous run of code: the CLI starts
 * four at once, and each check is some 40 `lstat`s and a read of the config. The answer is
 * forgotten at the next microtask, so a git started later (a fleet's next audit of the same
 * checkout) checks again.
 */
const burstBlockers = new Map<string, string | undefined>();
function burstBlocker(root: string): string | undefined {
  if (burstBlockers.has(root)) return burstBlockers.get(root);
  const blocker = gitBlocker(root);
  if (burstBlockers.size === 0)
    queueMicrotask(() => {
      burstBlockers.clear();
    });
  burstBlockers.set(root, blocker);
  return blocker;
}

/** The git directory a `.git` file names. */
function linkedGitDir(root: string, dotGit: string): string | undefined {
  const named = /^gitdir:\s*(.+?)\s*$/m.exec(readSmallFile(dotGit) ?? "")?.[1];
  if (named === undefined) return undefined;
  const gitDir = isAbsolute(named) ? named : join(root, named);
  return statSync(gitDir, { throwIfNoEntry: false })?.isDirectory() ? gitDir : undefined;
}

/** A path for a problem line: relative to the root when it is inside it. */
const shown = (root: string, path: string): string =>
  path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;

/** `include.path` and `includeIf.*.path` of a config: each must be a regular file (or absent). */
function includeBlocker(root: string, config: string, depth: number): string | undefined {
  if (depth > 10) return `${shown(root, config)}: includes nested more than 10 deep`;
  const text = readSmallFile(config);
  if (text === undefined) return undefined;
  let inInclude = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([A-Za-z]+)/.exec(line);
    if (section) inInclude = /^include(if)?$/i.test(section[1] ?? "");
    const path = inInclude ? /^\s*path\s*=\s*"?([^"]*)"?\s*$/i.exec(line)?.[1] : undefined;
    if (path === undefined || path === "") continue;
    const target = isAbsolute(path) ? path : join(dirname(config), path);
    const found = statSync(target, { throwIfNoEntry: false });
    if (!found) continue;
    if (!found.isFile())
      return `${shown(root, config)}: includes ${path}, which is not a regular file`;
    const nested = includeBlocker(root, target, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/** A regular file's text, read without blocking and at most 1 MiB; undefined otherwise. */
function readSmallFile(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > 1024 * 1024) return undefined;
    const buffer = Buffer.alloc(stat.size);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length).toString("utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Why a run of git failed, in a problem line: the audit then walks the directory. */
function failure(run: { error?: Error; status: number | null; stderr?: Buffer | null }): string {
  const code = (run.error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === "ETIMEDOUT"
      ? `timed out after ${String(gitTimeout / 1000)} s (a FIFO where git expects a file?)`
      : code !== undefined
        ? `could not run (${code})`
        : `failed (${(run.stderr?.toString("utf8").split("\n")[0] ?? "").slice(0, 200) || `exit ${String(run.status)}`})`;
  return `.: git ${why}; the files were listed by a walk instead`;
}

/** Lists files with `git ls-files`; undefined if the directory is not a git checkout. */
export function gitFiles(root: string): GitListing | undefined {
  if (!lstatSync(join(root, ".git"), { throwIfNoEntry: false })) return undefined;
  const blocker = gitBlocker(root);
  if (blocker)
    return {
      ok: false,
      problem: `${blocker}; git was not run, the files were listed by a walk instead`,
    };
  const run = neutralGit(root, listingArgs);
  if (run.error || run.status !== 0) return { ok: false, problem: failure(run) };
  return parseListing(run.stdout, true);
}

/**
 * Tracked files, from git's index alone: a few milliseconds, well before Node has loaded the
 * engine, so the audit can start on them at once. Untagged, so that `--deduplicate` applies
 * (git ignores it with `-t`) and the names need no tag cut off.
 */
export const trackedArgs = ["ls-files", "-z", "--cached", "--deduplicate"];
/**
 * What the working tree changes in that: untracked files that are not ignored (git reads its
 * directories), and (tagged `R`) tracked files deleted from it (git checks each one on disk,
 * about 13 ms of system time on 7,500 files). Both are work over the whole tree, done while the
 * audit of the tracked files runs; when either finds anything, the audit runs again.
 */
export const untrackedArgs = [
  "ls-files",
  "-z",
  "-t",
  "--others",
  "--exclude-standard",
  "--deleted",
];

/** The tracked listing with the working tree's: deleted files out, untracked ones in. */
export function combineListings(tracked: GitListing, untracked: GitListing): GitListing {
  if (!tracked.ok) return tracked;
  if (!untracked.ok) return untracked;
  const deleted = new Set([...tracked.deleted, ...untracked.deleted]);
  // Names that are not UTF-8 keep their bytes, from either part, so they can still be read.
  const raw = new Map([...(tracked.raw ?? []), ...(untracked.raw ?? [])]);
  return {
    ok: true,
    files: [...tracked.files.filter((file) => !deleted.has(file)), ...untracked.files],
    deleted: [...deleted],
    problems: [...new Set([...tracked.problems, ...untracked.problems])],
    ...(raw.size > 0 ? { raw } : {}),
  };
}

/**
 * `O_TMPFILE` (not in Node's constants): an unnamed file in a directory, gone when closed. The
 * value is Linux's generic one; the architectures that define their own are not listed.
 */
const tmpfileFlag = 0o20000000 | constants.O_DIRECTORY;
const genericFlagArchitectures = new Set(["x64", "arm64", "arm", "ppc64", "s390x", "riscv64"]);

/**
 * A private file for git's output. On Linux an unnamed one (`O_TMPFILE`): no name anyone could
 * plant a link at, nothing to remove, and 0.15 ms instead of the 2.5 ms or more that a private
 * temporary directory costs to create and remove, on the path the audit waits on. Elsewhere, or
 * where the file system cannot, a file in a fresh private directory.
 */
export function scratchFile(
  anonymous = process.platform === "linux" && genericFlagArchitectures.has(process.arch),
): { fd: number; dispose: () => void } | undefined {
  if (anonymous) {
    try {
      const fd = openSync(tmpdir(), constants.O_RDWR | tmpfileFlag, 0o600);
      return {
        fd,
        dispose: () => {
          closeSync(fd);
        },
      };
    } catch {
      // A file system without O_TMPFILE (EOPNOTSUPP, EISDIR): a directory then.
    }
  }
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), "paved-listing-"));
    const fd = openSync(join(dir, "files"), "w+", 0o600);
    const made = dir;
    return {
      fd,
      dispose: () => {
        closeSync(fd);
        rmSync(made, { recursive: true, force: true });
      },
    };
  } catch {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/**
 * Runs a neutral `git ls-files` in the background; undefined where the directory is not a
 * checkout. git writes to a private temporary file rather than a pipe: a pipe's 64 KiB fill up
 * while Node is busy loading the engine, and git would wait for Node instead of finishing.
 */
function backgroundListing(
  root: string,
  args: readonly string[],
  priority?: number,
): Promise<GitListing | undefined> {
  return backgroundGit(root, args, priority === undefined ? {} : { priority }).then(
    (ran): GitListing | undefined => {
      if (ran === undefined) return undefined;
      if ("blocker" in ran)
        return {
          ok: false,
          problem: `${ran.blocker}; git was not run, the files were listed by a walk instead`,
        };
      if (ran.output === undefined) return { ok: false, problem: failure(ran.run) };
      try {
        return parseListing(ran.output, args.includes("-t"));
      } catch {
        return { ok: false, problem: failure({ status: null }) };
      }
    },
  );
}

/** How a background git ended: its output where it exited 0, else why not. */
export type BackgroundRun =
  { blocker: string } | { run: { error?: Error; status: number | null }; output?: Buffer };

/**
 * A neutral git in the background, writing to a private file rather than a pipe (a pipe's
 * 64 KiB fill up while Node is busy loading the engine, and git would wait for Node). Undefined
 * where the directory is not a checkout or no private file can be made; `blocker` where git
 * must not run (a FIFO where git expects a file). Output over `maxBytes` counts as a failure.
 * A `priority` (a nice value, 19 the lowest) is given to git once it runs.
 */
export function backgroundGit(
  root: string,
  args: readonly string[],
  { maxBytes = 512 * 1024 * 1024, priority }: { maxBytes?: number; priority?: number } = {},
): Promise<BackgroundRun | undefined> {
  return new Promise((resolve) => {
    if (!lstatSync(join(root, ".git"), { throwIfNoEntry: false })) {
      resolve(undefined);
      return;
    }
    const blocker = burstBlocker(root);
    if (blocker) {
      resolve({ blocker });
      return;
    }
    const invocation = neutralGitInvocation(root, args);
    const scratch = scratchFile();
    if (scratch === undefined) {
      resolve(undefined);
      return;
    }
    const output = scratch.fd;
    let settled = false;
    const finish = (run: { error?: Error; status: number | null }) => {
      if (settled) return;
      settled = true;
      try {
        const ok = !run.error && run.status === 0 && fstatSync(output).size <= maxBytes;
        resolve(ok ? { run, output: readAll(output) } : { run });
      } catch {
        resolve({ run: { status: null } });
      } finally {
        scratch.dispose();
      }
    };
    const child = spawn(gitOnPath(invocation.env["PATH"] ?? ""), invocation.args, {
      env: invocation.env,
      timeout: gitTimeout,
      killSignal: "SIGKILL",
      stdio: ["ignore", output, "ignore"],
    });
    if (priority !== undefined && child.pid !== undefined) {
      try {
        setPriority(child.pid, priority);
      } catch {
        // Already gone, or not ours to lower: it runs as it is.
      }
    }
    let timedOut = false;
    const timer = setTimeout(() => (timedOut = true), gitTimeout);
    child.on("error", (error) => {
      clearTimeout(timer);
      finish({ error, status: null });
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      const error = timedOut
        ? Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })
        : undefined;
      finish(error ? { error, status: code } : { status: code });
    });
  });
}

/** The whole of a file git wrote. */
function readAll(fd: number): Buffer {
  const buffer = Buffer.allocUnsafe(fstatSync(fd).size);
  let length = 0;
  while (length < buffer.length) {
    const read = readSync(fd, buffer, length, buffer.length - length, length);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

/**
 * The listing, started in the background in two parts: the CLI starts it before it loads the
 * engine, so that git's work overlaps Node's. Tracked files come from git's index in a few
 * milliseconds; untracked and deleted files need a scan of the working tree, which is most of
 * the listing's time, so the CLI can audit the tracked files meanwhile and audit again only if
 * the scan finds any. `combineListings` of the two parts is `gitFiles`' listing; each resolves
 * to undefined where the directory is not a checkout.
 */
export function startGitListing(root: string): {
  tracked: Promise<GitListing | undefined>;
  untracked: Promise<GitListing | undefined>;
} {
  return {
    tracked: backgroundListing(root, trackedArgs),
    // The scan is needed only once the audit of the tracked files is done: at the lowest
    // priority, it takes the cores the engine and the history's gits leave idle.
    untracked: backgroundListing(root, untrackedArgs, osConstants.priority.PRIORITY_LOW),
  };
}
