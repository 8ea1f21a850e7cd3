import { createHash } from "node:crypto";
import { lstatSync, readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { asText, readBounded } from "@paved/fs";

/** One repository of the fleet: where it is and how it is read. */
export interface RepoSource {
  /** Stable name: the path relative to the working directory (absolute when outside it). */
  id: string;
  path: string;
  /** A checkout is audited where it is; a bare repository through a temporary checkout. */
  kind: "checkout" | "bare";
}

/** An argument that names no repository at all: the CLI's usage error. */
export class FleetInputError extends Error {}

/** A list file of paths is small; past this it is not a list of repositories. */
const maxListBytes = 16 * 1024 * 1024;

/** Whether a path is a directory; a link loop or an unreadable parent is not one. */
function isDir(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** A bare repository has HEAD, objects and refs at its top, and no work tree. */
export function isBare(path: string): boolean {
  return (
    !exists(resolve(path, ".git")) &&
    isFile(resolve(path, "HEAD")) &&
    isDir(resolve(path, "objects")) &&
    isDir(resolve(path, "refs"))
  );
}

/** A directory that is a repository itself, rather than a folder of them. */
const isRepository = (path: string) =>
  exists(resolve(path, ".git")) || exists(resolve(path, "package.json")) || isBare(path);

function sourceOf(path: string, cwd: string): RepoSource {
  const rel = relative(cwd, path);
  const id = rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  return {
    id: id.split(sep).join("/"),
    path,
    kind: isDir(path) && isBare(path) ? "bare" : "checkout",
  };
}

/** The repositories a directory holds: itself, or each directory inside it (hidden ones skipped). */
function fromDirectory(dir: string, shown: string, cwd: string): RepoSource[] {
  if (isRepository(dir)) return [sourceOf(dir, cwd)];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new FleetInputError(
      `${shown}: cannot be listed (${(error as NodeJS.ErrnoException).code ?? "error"}); check its permissions.`,
    );
  }
  return names
    .filter((name) => !name.startsWith("."))
    .map((name) => resolve(dir, name))
    .filter(isDir)
    .map((path) => sourceOf(path, cwd));
}

/** A file listing repositories, one path a line, relative to the file; `#` starts a comment. */
function fromList(file: string, cwd: string): RepoSource[] {
  const read = asText(readBounded(file, maxListBytes));
  if (!read.ok)
    throw new FleetInputError(`${file}: ${read.why}; pass a directory or a list of paths.`);
  return read.value
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*#.*$/, "").trim())
    .filter((line) => line !== "")
    .map((line) => sourceOf(resolve(dirname(file), line), cwd));
}

/**
 * Every repository the arguments name, each once, sorted by id. A path that is missing or not
 * a directory stays in the list: its audit records the error and the run goes on.
 */
export function expandRepos(args: readonly string[], cwd: string): RepoSource[] {
  const found = new Map<string, RepoSource>();
  for (const arg of args) {
    const path = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      throw new FleetInputError(
        `${arg}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
      );
    }
    if (stat === undefined)
      throw new FleetInputError(
        `${arg}: no such file or directory; pass checkouts, bare repositories or a list file.`,
      );
    const sources = stat.isDirectory() ? fromDirectory(path, arg, cwd) : fromList(path, cwd);
    for (const source of sources) found.set(source.id, source);
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `I/N` with 1 ≤ I ≤ N, or undefined. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * Shard I of N: each repository by a hash of its id, so a repository stays in its shard however
 * the fleet grows or shrinks, and the N shards together hold every repository exactly once.
 */
export function inShard(id: string, shard: { index: number; count: number }): boolean {
  const hash = createHash("sha256").update(id).digest().readUInt32BE(0);
  return hash % shard.count === shard.index - 1;
}
