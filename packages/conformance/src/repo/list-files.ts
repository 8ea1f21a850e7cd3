import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";

export interface FileListing {
  /** Paths relative to the root, with `/`, sorted. */
  files: string[];
  method: "git" | "walk";
  /** Problems met while listing, each naming the path: they become not-evaluated reasons. */
  problems: string[];
}

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
    .filter((path) => path !== "" && !path.startsWith("/") && !path.split("/").includes(".."));
}

/** Lists files with `git ls-files`; undefined if the directory is not a git checkout. */
function gitFiles(root: string): string[] | undefined {
  const run = neutralGit(root, listingArgs);
  if (run.error || run.status !== 0) return undefined;
  return parseListing(run.stdout);
}

/**
 * The same listing, started in the background: the CLI starts it before it loads the engine, so
 * that git's work overlaps Node's. Resolves to undefined where the directory is not a checkout.
 */
export function startGitListing(root: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const invocation = neutralGitInvocation(root, listingArgs);
    const child = spawn("git", invocation.args, {
      env: invocation.env,
      timeout: gitTimeout,
      stdio: ["ignore", "pipe", "ignore"],
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", () => {
      resolve(undefined);
    });
    child.on("close", (code) => {
      resolve(code === 0 ? parseListing(Buffer.concat(chunks)) : undefined);
    });
  });
}

const alwaysSkipped = new Set([".git", "node_modules"]);

/**
 * A gitignore-aware walk for directories that are not git checkouts. Symbolic links are listed
 * but never followed, so a link loop cannot trap the walk; it stops at `maxFiles`.
 */
function walkFiles(root: string, maxFiles: number, problems: string[]): string[] {
  const files: string[] = [];
  const visit = (dir: string, rules: { base: string; ig: Ignore }[]): boolean => {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch (error) {
      problems.push(
        `${dir || "."}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
      return true;
    }
    const scoped = [...rules];
    if (entries.some((entry) => entry.name === ".gitignore" && entry.isFile())) {
      try {
        scoped.push({
          base: dir,
          ig: ignore().add(readFileSync(join(root, dir, ".gitignore"), "utf8")),
        });
      } catch {
        problems.push(`${join(dir, ".gitignore")}: cannot be read; its patterns were not applied`);
      }
    }
    const ignored = (path: string, isDir: boolean) =>
      scoped.some(({ base, ig }) => {
        const relative = base === "" ? path : path.slice(base.length + 1);
        return ig.ignores(isDir ? `${relative}/` : relative);
      });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (alwaysSkipped.has(entry.name) || ignored(path, true)) continue;
        if (!visit(path, scoped)) return false;
      } else if ((entry.isFile() || entry.isSymbolicLink()) && !ignored(path, false)) {
        if (files.length >= maxFiles) {
          problems.push(`.: more than ${String(maxFiles)} files; the rest were not indexed`);
          return false;
        }
        files.push(path);
      }
    }
    return true;
  };
  visit("", []);
  return files;
}

export function listFiles(
  root: string,
  maxFiles: number,
  prelisted?: readonly string[],
): FileListing {
  const problems: string[] = [];
  const fromGit = prelisted ? [...prelisted] : gitFiles(root);
  if (fromGit) {
    const files = fromGit.length > maxFiles ? fromGit.slice(0, maxFiles) : fromGit;
    if (fromGit.length > maxFiles)
      problems.push(`.: more than ${String(maxFiles)} files; the rest were not indexed`);
    return { files: files.sort(), method: "git", problems };
  }
  return { files: walkFiles(root, maxFiles, problems).sort(), method: "walk", problems };
}
