import * as nodeFs from "node:fs";
import { join } from "node:path";
import { splitContained } from "./paths.js";
import { holdSignals } from "./signals.js";

export type FileContent = string | Uint8Array;

/** The file-system calls the writer makes; tests hand in one that fails on cue. */
export type WriterFs = Pick<
  typeof nodeFs,
  | "lstatSync"
  | "mkdirSync"
  | "openSync"
  | "writeSync"
  | "closeSync"
  | "fchmodSync"
  | "fchownSync"
  | "ftruncateSync"
  | "renameSync"
  | "rmSync"
  | "readFileSync"
>;

/** Why a write was refused or failed; nothing was changed. The message names the path. */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "WriteError";
  }
}

export interface WriteFilesOptions {
  /**
   * Which existing files may be replaced: all, or those the predicate accepts (default: none —
   * an existing file is refused, and nothing is written).
   */
  overwrite?: boolean | ((path: string) => boolean);
  /** How paths are shown in messages (default: as given, relative to the root). */
  show?: (path: string) => string;
  fs?: WriterFs;
}

interface Identity {
  dev: number;
  ino: number;
}

/** What is at a destination now, and so how it is written. */
type Target =
  | { kind: "new-directory"; directory: string; rest: string }
  | { kind: "new-file"; parent: Identity }
  | { kind: "replace"; parent: Identity; mode: number; uid: number; gid: number }
  | { kind: "in-place"; parent: Identity; original: Buffer };

/** Unpredictable, so that nothing can be planted at the name beforehand; `node:crypto` loads on
 * first use, since `paved audit` bundles this module but seldom writes. */
const randomName = (prefix: string) =>
  `${prefix}${process.getBuiltinModule("node:crypto").randomBytes(6).toString("hex")}`;

const errorCode = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

/**
 * Checks a destination inside `root` without following any link: each directory on the way must
 * be a real directory, and the file itself absent or a regular file.
 */
function inspect(
  fs: WriterFs,
  root: string,
  path: string,
  show: (path: string) => string,
  overwrite: boolean,
): Target {
  const segments = splitContained(path);
  if (segments === undefined)
    throw new WriteError(`${show(path)}: not inside ${root}; nothing was written.`);
  let parent = identityOf(fs.lstatSync(root));
  for (let i = 0; i < segments.length - 1; i += 1) {
    const prefix = segments.slice(0, i + 1).join("/");
    const stat = fs.lstatSync(join(root, prefix), { throwIfNoEntry: false });
    if (stat === undefined)
      return { kind: "new-directory", directory: prefix, rest: segments.slice(i + 1).join("/") };
    if (stat.isSymbolicLink())
      throw new WriteError(
        `${show(prefix)} is a symbolic link; Paved writes only inside ${root} and follows no link on the way. Nothing was written: replace the link with a directory, or write elsewhere.`,
      );
    if (!stat.isDirectory())
      throw new WriteError(
        `${show(prefix)} is not a directory, so ${show(path)} cannot be written. Nothing was written.`,
      );
    parent = identityOf(stat);
  }
  const full = join(root, ...segments);
  const stat = fs.lstatSync(full, { throwIfNoEntry: false });
  if (stat === undefined) return { kind: "new-file", parent };
  if (!stat.isFile()) {
    const what = stat.isSymbolicLink()
      ? "a symbolic link"
      : stat.isDirectory()
        ? "a directory"
        : "not a regular file";
    throw new WriteError(
      `${show(path)} is ${what}; Paved replaces only regular files. Nothing was written: remove it, then run again.`,
    );
  }
  if (!overwrite)
    throw new WriteError(
      `${show(path)} already exists, and nothing was written (use --force to overwrite it).`,
      "EEXIST",
    );
  // A file with other names elsewhere is written through, so every name sees the new content.
  if (stat.nlink > 1) return { kind: "in-place", parent, original: fs.readFileSync(full) };
  return { kind: "replace", parent, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
}

const identityOf = (stat: nodeFs.Stats): Identity => ({ dev: stat.dev, ino: stat.ino });

/** Creates a file that did not exist, never through a link, and fills it. */
function createFile(
  fs: WriterFs,
  path: string,
  content: FileContent,
  undo: (() => void)[],
  owner?: { mode: number; uid: number; gid: number },
): void {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = nodeFs.constants;
  const fd = fs.openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
  // Registered before the first byte: a write that fails (ENOSPC) leaves no temporary file.
  undo.push(() => {
    fs.rmSync(path, { force: true });
  });
  try {
    if (owner !== undefined) {
      fs.fchmodSync(fd, owner.mode);
      const uid = process.getuid?.();
      if (uid === 0 && (owner.uid !== 0 || owner.gid !== 0))
        fs.fchownSync(fd, owner.uid, owner.gid);
    }
    writeAll(fs, fd, content);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeAll(fs: Pick<WriterFs, "writeSync">, fd: number, content: FileContent): void {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Overwrites a file's content where it is, keeping its inode (and so its other names). */
function overwriteInPlace(fs: WriterFs, path: string, content: FileContent): void {
  const fd = fs.openSync(path, nodeFs.constants.O_WRONLY | nodeFs.constants.O_NOFOLLOW);
  try {
    fs.ftruncateSync(fd, 0);
    writeAll(fs, fd, content);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates `rest` (a relative path) inside a directory this writer made itself. */
function stageFile(
  fs: WriterFs,
  staging: string,
  rest: string,
  content: FileContent,
  undo: (() => void)[],
) {
  const segments = rest.split("/");
  for (let i = 1; i < segments.length; i += 1) {
    const dir = join(staging, ...segments.slice(0, i));
    if (fs.lstatSync(dir, { throwIfNoEntry: false }) === undefined) fs.mkdirSync(dir);
  }
  createFile(fs, join(staging, ...segments), content, undo);
}

/** The directory at `dir` is still the one inspected: no link or other directory swapped in. */
function verify(fs: WriterFs, dir: string, expected: Identity, shown: string): void {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (stat?.isDirectory() !== true || stat.dev !== expected.dev || stat.ino !== expected.ino)
    throw new WriteError(`${shown} changed while Paved was writing into it; nothing was changed.`);
}

/**
 * Writes files inside `root`, all or nothing, following no link on the way. A directory that
 * does not exist yet is assembled in a hidden sibling and moved into place with one rename, so
 * no reader ever sees half a project; every other file is written to an exclusively created
 * temporary file beside it and renamed over the original, keeping its mode and owner (a file
 * with several hard links is written in place instead, so that every link sees the change). If
 * any step fails, everything done so far is undone. Held signals take effect afterwards.
 */
export function writeFiles(
  root: string,
  files: ReadonlyMap<string, FileContent>,
  options: WriteFilesOptions = {},
): void {
  const fs = options.fs ?? nodeFs;
  const show = options.show ?? ((path: string) => path);
  const overwrite = options.overwrite ?? false;
  const mayOverwrite = (path: string) =>
    typeof overwrite === "function" ? overwrite(path) : overwrite;
  const release = holdSignals();
  const undo: (() => void)[] = [];
  try {
    const targets = [...files].map(
      ([path, content]) =>
        [path, content, inspect(fs, root, path, show, mayOverwrite(path))] as const,
    );
    const commits: (() => void)[] = [];
    const checks: (() => void)[] = [];
    const staged = new Map<string, string>();
    for (const [path, content, target] of targets) {
      const segments = splitContained(path) ?? [];
      const full = join(root, ...segments);
      if (target.kind === "new-directory") {
        let staging = staged.get(target.directory);
        if (staging === undefined) {
          const final = join(root, target.directory);
          const made = join(final, "..", randomName(".paved-new-"));
          fs.mkdirSync(made);
          undo.push(() => {
            fs.rmSync(made, { recursive: true, force: true });
          });
          staged.set(target.directory, made);
          staging = made;
          commits.unshift(() => {
            if (fs.lstatSync(final, { throwIfNoEntry: false }) !== undefined)
              throw new WriteError(
                `${show(target.directory)} appeared while Paved was writing; nothing was changed.`,
              );
            fs.renameSync(made, final);
            undo.push(() => {
              fs.rmSync(final, { recursive: true, force: true });
            });
          });
        }
        stageFile(fs, staging, target.rest, content, undo);
        continue;
      }
      const dir = join(full, "..");
      checks.push(() => {
        verify(fs, dir, target.parent, show(segments.slice(0, -1).join("/") || "."));
      });
      if (target.kind === "in-place") {
        commits.push(() => {
          undo.push(() => {
            overwriteInPlace(fs, full, target.original);
          });
          overwriteInPlace(fs, full, content);
        });
        continue;
      }
      const temporary = join(dir, `${randomName(`.${segments.at(-1) ?? "file"}.paved-`)}.tmp`);
      createFile(fs, temporary, content, undo, target.kind === "replace" ? target : undefined);
      commits.push(() => {
        const original = target.kind === "replace" ? fs.readFileSync(full) : undefined;
        fs.renameSync(temporary, full);
        undo.push(() => {
          if (original === undefined) fs.rmSync(full, { force: true });
          // The file now at `full` has the original's mode and owner: only the bytes go back.
          else overwriteInPlace(fs, full, original);
        });
      });
    }
    for (const check of checks) check();
    for (const commit of commits) commit();
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Keep undoing the rest.
      }
    }
    if (error instanceof WriteError) throw error;
    throw new WriteError(
      `could not write the files (${errorCode(error)}); nothing was changed.`,
      (error as NodeJS.ErrnoException).code,
    );
  } finally {
    release();
  }
}

/**
 * Checks, without writing, that every path could be written inside `root` (no link on the way,
 * no non-regular file in the way): for front doors that write through another tool's tree
 * (Nx's), which would follow links.
 */
export function checkWritable(
  root: string,
  paths: Iterable<string>,
  options: Pick<WriteFilesOptions, "show" | "fs"> = {},
): void {
  const fs = options.fs ?? nodeFs;
  const show = options.show ?? ((path: string) => path);
  for (const path of paths) inspect(fs, root, path, show, true);
}
