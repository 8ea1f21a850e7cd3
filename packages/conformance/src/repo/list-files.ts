import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type createIgnore from "ignore";
import type { Ignore } from "ignore";
import { gitFiles } from "./git-listing.js";

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
