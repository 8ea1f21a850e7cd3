import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
} from "node:fs";
import { join, sep } from "node:path";
import { splitContained } from "./paths.js";

/** A file's content, or why it could not be read: the problem names the file. */
export type Read<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** The file and what is wrong with it: `ci.yml: a directory, not a file`. */
      problem: string;
      /** What is wrong, without the file, for messages that name the file their own way. */
      why: string;
      missing?: true;
    };

/** A refused read: the problem names the file, `why` says the rest. */
function refuse(shown: string, why: string, missing = false): Read<never> {
  return {
    ok: false,
    problem: `${shown}: ${why}`,
    why,
    ...(missing ? { missing: true as const } : {}),
  };
}

/** Paved reads configs, manifests and pipelines: nothing it needs is larger than this. */
export const defaultMaxBytes = 16 * 1024 * 1024;

const describe = (code: string): string =>
  code === "ELOOP"
    ? "a symbolic link loop"
    : code === "ENOENT" || code === "ENOTDIR"
      ? "missing"
      : code === "EISDIR"
        ? "a directory, not a file"
        : `cannot be read (${code})`;

/**
 * Reads an open descriptor that must be a regular file of at most `maxBytes`: a FIFO, a device
 * (`/dev/zero`) or a directory is refused before a byte is read, and a file that grows while it
 * is read is cut off at the cap and refused, so no read is unbounded.
 */
function readDescriptor(fd: number, shown: string, maxBytes: number): Read<Buffer> {
  const stat = fstatSync(fd);
  if (stat.isDirectory()) return refuse(shown, `a directory, not a file`);
  if (!stat.isFile()) return refuse(shown, `not a regular file; not read`);
  if (stat.size > maxBytes) {
    return refuse(
      shown,
      `${String(stat.size)} bytes, over the ${String(maxBytes)}-byte cap; not read`,
    );
  }
  // One byte more than the cap: a file that grew past it since the fstat is noticed.
  const buffer = Buffer.allocUnsafe(Math.min(maxBytes, stat.size) + 1);
  let length = 0;
  while (length < buffer.length) {
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  if (length > maxBytes) {
    return refuse(shown, `grew past the ${String(maxBytes)}-byte cap; not read`);
  }
  return { ok: true, value: buffer.subarray(0, length) };
}

/** The code of a failed system call (`ENOENT`), or `error`. */
const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? "error";

/** A read refused for a failed system call: missing where nothing is there (or on the way). */
function failed(shown: string, error: unknown): Read<never> {
  const code = codeOf(error);
  return refuse(shown, describe(code), code === "ENOENT" || code === "ENOTDIR");
}

const linkOut = "a symbolic link out of the repository; not read";

/** Opens a file to read it; throws as `openSync` does. */
const openToRead = (path: string | Buffer, flags: number): number =>
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused once opened.
  openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | flags);

/** Reads an open descriptor (see `readDescriptor`), then closes it. */
function readAndClose(fd: number, shown: string, maxBytes: number): Read<Buffer> {
  try {
    return readDescriptor(fd, shown, maxBytes);
  } catch (error) {
    return failed(shown, error);
  } finally {
    closeSync(fd);
  }
}

function openAndRead(
  real: string | Buffer,
  shown: string,
  maxBytes: number,
  flags: number,
): Read<Buffer> {
  let fd: number;
  try {
    fd = openToRead(real, flags);
  } catch (error) {
    return failed(shown, error);
  }
  return readAndClose(fd, shown, maxBytes);
}

/**
 * A file the user named (`--config`, `--baseline`): links are theirs to use, but only a regular
 * file of at most `maxBytes` is read.
 */
export function readBounded(path: string, maxBytes = defaultMaxBytes): Read<Buffer> {
  return openAndRead(path, path, maxBytes, 0);
}

/** The real root, or undefined when the directory is not there (every file of it is missing). */
function tryRealRoot(root: string): string | undefined {
  try {
    return realpathSync.native(root);
  } catch {
    return undefined;
  }
}

/** Where `lstat` finds no entry: nothing there, a file on the way, a loop of links, too long. */
const noEntry = new Set(["ENOENT", "ENOTDIR", "ELOOP", "ENAMETOOLONG"]);

/**
 * What is at `path`, without following a link at its end; undefined where nothing is, also
 * where a directory on the way is a file (`a.txt/b`) or a loop of links: a planted file makes
 * an existence check answer no, never throw.
 */
export function entryAt(path: string | Buffer): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if (noEntry.has(codeOf(error))) return undefined;
    throw error;
  }
}

/**
 * Why nothing can be read at `path` before it is resolved, or undefined: missing (also where
 * one of its directories is a file, `a.txt/b`), or what else stops the walk to it (a loop of
 * links) as a refusal, never a thrown error.
 */
function absence(path: string | Buffer, shown: string): Read<never> | undefined {
  try {
    // Most misses are presets looked up in node_modules: answered without throwing.
    return lstatSync(path, { throwIfNoEntry: false }) === undefined
      ? refuse(shown, `missing`, true)
      : undefined;
  } catch (error) {
    return failed(shown, error);
  }
}

/** Resolves a repository's real root once; reads under it compare against it. */
export function realRoot(root: string): string {
  return realpathSync.native(root);
}

/**
 * A file of a repository Paved does not trust, by its repository-relative path. Links inside
 * the repository are followed (repositories link READMEs and configs), but whatever the links
 * along the way, the file read must be a regular file inside the root, opened without following
 * a link swapped in meanwhile.
 */
export function readInside(
  root: string,
  path: string,
  maxBytes = defaultMaxBytes,
  resolvedRoot?: string,
): Read<Buffer> {
  if (splitContained(path) === undefined) return refuse(path, `outside the repository; not read`);
  const base = resolvedRoot ?? tryRealRoot(root);
  if (base === undefined) return refuse(path, `missing`, true);
  const full = join(root, path);
  const absent = absence(full, path);
  if (absent) return absent;
  let real: string;
  try {
    real = realpathSync.native(full);
  } catch (error) {
    return refuse(path, describe(codeOf(error)), true);
  }
  if (real !== base && !real.startsWith(base + sep)) return refuse(path, linkOut);
  return openAndRead(real, path, maxBytes, constants.O_NOFOLLOW);
}

/** How a directory of a repository resolved: its real path inside the root, or why not. */
type ResolvedDir = { real: string } | { error: unknown } | { outside: true };

/**
 * `readInside` for the many reads of one audit: each directory's real path is resolved once,
 * and a file is opened in it without following a link (`O_NOFOLLOW`); a file that is itself a
 * link is read as `readInside` reads it. The same answers as `readInside` (a property test holds
 * them to each other), with some four system calls per file instead of some ten. A directory
 * is resolved the first time a file under it is read: swapped for a link later in the reader's
 * life, it is not seen again, as `readInside` does not see a swap between its check and its open.
 */
export function insideReader(
  root: string,
  resolvedRoot?: string,
): (path: string, maxBytes?: number) => Read<Buffer> {
  const base = resolvedRoot ?? tryRealRoot(root);
  const dirs = new Map<string, ResolvedDir>();
  const resolveDir = (dir: string): ResolvedDir => {
    if (dir === "") return base === undefined ? { error: { code: "ENOENT" } } : { real: base };
    let real: string;
    try {
      real = realpathSync.native(join(root, dir));
    } catch (error) {
      return { error };
    }
    return base !== undefined && (real === base || real.startsWith(base + sep))
      ? { real }
      : { outside: true };
  };
  return (path, maxBytes = defaultMaxBytes) => {
    // A path that ends in a directory (`a/`, `a/.`) is no file git lists: read as readInside does.
    if (path.endsWith("/") || path.endsWith("/.") || path === ".")
      return readInside(root, path, maxBytes, base);
    const segments = splitContained(path);
    const name = segments?.pop();
    if (segments === undefined || name === undefined)
      return refuse(path, `outside the repository; not read`);
    const dir = segments.join("/");
    let resolved = dirs.get(dir);
    if (resolved === undefined) {
      resolved = resolveDir(dir);
      dirs.set(dir, resolved);
    }
    if ("error" in resolved) return failed(path, resolved.error);
    if ("outside" in resolved) return refuse(path, linkOut);
    let fd: number;
    try {
      fd = openToRead(join(resolved.real, name), constants.O_NOFOLLOW);
    } catch (error) {
      const code = codeOf(error);
      // The file is a link (EMLINK on the BSDs): followed, and checked, as `readInside` does.
      if (code === "ELOOP" || code === "EMLINK") return readInside(root, path, maxBytes, base);
      return failed(path, error);
    }
    return readAndClose(fd, path, maxBytes);
  };
}

/**
 * A file of an untrusted repository named by bytes that are not UTF-8 (git lists names as
 * bytes): the same checks as `readInside`, on the raw name; `shown` names it in problems.
 */
export function readInsideBytes(
  root: string,
  raw: Buffer,
  shown: string,
  maxBytes = defaultMaxBytes,
  resolvedRoot?: string,
): Read<Buffer> {
  const segments = raw.toString("latin1").split("/");
  if (raw.includes(0) || raw[0] === 0x2f || segments.includes("..") || segments.includes(""))
    return refuse(shown, `outside the repository; not read`);
  const full = Buffer.concat([Buffer.from(`${root}${sep}`), raw]);
  const absent = absence(full, shown);
  if (absent) return absent;
  let real: Buffer;
  try {
    real = realpathSync.native(full, { encoding: "buffer" });
  } catch (error) {
    return refuse(shown, describe(codeOf(error)), true);
  }
  const base = resolvedRoot ?? tryRealRoot(root);
  if (base === undefined) return refuse(shown, `missing`, true);
  const prefix = Buffer.from(`${base}${sep}`);
  if (!real.subarray(0, prefix.length).equals(prefix)) return refuse(shown, linkOut);
  return openAndRead(real, shown, maxBytes, constants.O_NOFOLLOW);
}

/** UTF-8 text of a read, without a byte-order mark. */
export function asText(read: Read<Buffer>): Read<string> {
  return read.ok ? { ok: true, value: read.value.toString("utf8").replace(/^\uFEFF/, "") } : read;
}
