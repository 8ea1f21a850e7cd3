import * as nodeFs from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { entryAt } from "./read.js";
import { writeAll, writeFiles, WriteError, type FileContent } from "./write.js";

export interface OutputOptions {
  /**
   * The directory Paved was pointed at (the audited repository). Inside it nothing is trusted:
   * no link is followed on the way to the output, as for every other write into it.
   */
  inside?: string;
  /** How the path is shown in messages (default: as given). */
  shown?: string;
}

/** `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`: a descriptor this process already holds. */
function ownDescriptor(real: string): number | undefined {
  const match = /^\/(?:proc\/(?:self|(\d+))|dev)\/fd\/(\d+)$/.exec(real);
  if (match === null) return undefined;
  if (match[1] !== undefined && Number(match[1]) !== process.pid) return undefined;
  return Number(match[2]);
}

const standardStreams: Record<string, number> = { "/dev/stdout": 1, "/dev/stderr": 2 };

/** Writes a whole report to a stream: a FIFO, a character device, a socket or a descriptor. */
function writeStream(path: string, content: FileContent, shown: string): void {
  let fd: number | undefined;
  try {
    fd = nodeFs.openSync(path, nodeFs.constants.O_WRONLY);
    writeAll(nodeFs, fd, content);
  } catch (error) {
    throw new WriteError(
      `${shown}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
    );
  } finally {
    if (fd !== undefined) nodeFs.closeSync(fd);
  }
}

/**
 * Writes a report (or a baseline) to a path the user gave. A device, FIFO or socket is written
 * to as a stream, never replaced (`--output /dev/null`); `/dev/stdout` and its kin write to the
 * descriptor itself; a block device or a directory is refused. A regular file is replaced all
 * or nothing, keeping its mode, owner and hard links. Inside the audited repository no link is
 * followed, on the way or at the end: a committed `paved.sarif -> /etc/passwd` is refused.
 */
export function writeOutput(path: string, content: FileContent, options: OutputOptions = {}): void {
  const full = resolve(path);
  const shown = options.shown ?? path;
  const inside = options.inside === undefined ? undefined : resolve(options.inside);
  if (inside !== undefined && (full === inside || full.startsWith(inside + sep))) {
    const rel = relative(inside, full).split(sep).join("/");
    const stat = entryAt(full);
    // A stream inside the repository (a FIFO made for the run) is written to, once the
    // directories on the way are known to be real.
    if (stat !== undefined && isStream(stat)) {
      assertRealDirectories(inside, rel, shown);
      writeStream(full, content, shown);
      return;
    }
    writeFiles(inside, new Map([[rel, content]]), {
      overwrite: true,
      show: (path) => (path === rel ? shown : path),
    });
    return;
  }
  const standard = standardStreams[full];
  if (standard !== undefined) {
    writeDescriptor(standard, content, shown);
    return;
  }
  let real = full;
  const stat = nodeFs.statSync(full, { throwIfNoEntry: false });
  if (stat !== undefined) {
    // A descriptor's magic link (`pipe:[123]`) has no real path: the descriptor is written.
    const fd = ownDescriptor(full) ?? ownDescriptor((real = realPath(full)));
    if (fd !== undefined) {
      writeDescriptor(fd, content, shown);
      return;
    }
    if (stat.isDirectory())
      throw new WriteError(`${shown}: cannot write the report (it is a directory); name a file.`);
    if (stat.isBlockDevice())
      throw new WriteError(`${shown} is a block device; Paved does not write reports to disks.`);
    if (isStream(stat)) {
      writeStream(full, content, shown);
      return;
    }
  } else if (!nodeFs.existsSync(dirname(full))) {
    throw new WriteError(
      `${shown}: cannot write the report (ENOENT); its directory ${dirname(full)} does not exist.`,
    );
  }
  // The link the user gave outside the repository is theirs: the file it names is replaced.
  writeFiles(dirname(real), new Map([[basename(real), content]]), {
    overwrite: true,
    show: (path) => (path === basename(real) ? shown : path),
  });
}

function realPath(path: string): string {
  try {
    return nodeFs.realpathSync.native(path);
  } catch {
    return path;
  }
}

const isStream = (stat: nodeFs.Stats) =>
  stat.isFIFO() || stat.isCharacterDevice() || stat.isSocket();

function writeDescriptor(fd: number, content: FileContent, shown: string): void {
  try {
    writeAll(nodeFs, fd, content);
  } catch (error) {
    throw new WriteError(
      `${shown}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
    );
  }
}

/** Every directory from `root` to the parent of `rel` is a real directory, not a link. */
function assertRealDirectories(root: string, rel: string, shown: string): void {
  const segments = rel.split("/");
  for (let i = 1; i < segments.length; i += 1) {
    const prefix = segments.slice(0, i).join("/");
    const stat = nodeFs.lstatSync(resolve(root, prefix));
    if (!stat.isDirectory() || stat.isSymbolicLink())
      throw new WriteError(
        `${shown}: ${prefix} is not a real directory; Paved follows no link inside ${root}.`,
      );
  }
}
