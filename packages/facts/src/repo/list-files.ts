import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type createIgnore from "ignore";
import type { Ignore } from "ignore";
import { gitFiles, type GitListing } from "./git-listing.js";

/**
 * The gitignore library, loaded on the first walk: a git checkout (the usual target) is listed
 * by git and never needs it, so the CLI does not pay for loading it.
 */
let ignoreLibrary: typeof createIgnore | undefined;
function ignore(): Ignore {
  ignoreLibrary ??= createRequire(import.meta.url)("ignore") as typeof createIgnore;
  return ignoreLibrary();
}

export interface FileListing {
  /** Paths relative to the root, with `/`, sorted. */
  files: string[];
  method: "git" | "walk";
  /** Problems met while listing, each naming the path: they become not-evaluated reasons. */
  problems: string[];
  /** The bytes of each listed name that is not UTF-8, by the escaped name it is listed as. */
  raw?: ReadonlyMap<string, Buffer>;
}

const alwaysSkipped = new Set([".git", "node_modules"]);

/** A `.gitignore` bigger than this is not applied: no one writes one by hand. */
const maxIgnoreBytes = 1024 * 1024;

/**
 * A `.gitignore`'s text: opened without blocking and without following a link, and only if it
 * is a regular file within the cap (a FIFO would block the walk for ever).
 */
function readIgnoreFile(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxIgnoreBytes) return undefined;
    const buffer = Buffer.alloc(stat.size);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length).toString("utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

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
    if (entries.some((entry) => entry.name === ".gitignore")) {
      const text = readIgnoreFile(join(root, dir, ".gitignore"));
      if (text === undefined)
        problems.push(
          `${join(dir, ".gitignore")}: not a regular file under ${String(maxIgnoreBytes)} bytes, or unreadable; its patterns were not applied`,
        );
      else scoped.push({ base: dir, ig: ignore().add(text) });
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

/**
 * The repository's files: git's listing (given, when the CLI started it early, or run here),
 * else a walk. A checkout git could not list is walked too, and the report says why.
 */
export function listFiles(root: string, maxFiles: number, prelisted?: GitListing): FileListing {
  const problems: string[] = [];
  const fromGit = prelisted ?? gitFiles(root);
  if (fromGit?.ok) {
    problems.push(...fromGit.problems);
    const files =
      fromGit.files.length > maxFiles ? fromGit.files.slice(0, maxFiles) : fromGit.files;
    if (fromGit.files.length > maxFiles)
      problems.push(`.: more than ${String(maxFiles)} files; the rest were not indexed`);
    return {
      files: files.sort(),
      method: "git",
      problems,
      ...(fromGit.raw === undefined ? {} : { raw: fromGit.raw }),
    };
  }
  if (fromGit) problems.push(fromGit.problem);
  return { files: walkFiles(root, maxFiles, problems).sort(), method: "walk", problems };
}
