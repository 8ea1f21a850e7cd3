import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  asText,
  entryAt,
  readInside,
  realRoot,
  splitContained,
  writeFiles,
  WriteError,
  type WriterFs,
} from "@paved/fs";
import { GeneratorError } from "./errors.js";
import type { Plan } from "./plan.js";
import type { SourceTree } from "./workspace.js";

export { GeneratorError, type WriterFs };

/** Reads a directory on disk as the generator's source tree; never follows a link out of it. */
export function diskTree(root: string): SourceTree {
  const resolved = realRoot(root);
  return {
    read(path) {
      const read = asText(readInside(root, path, 4 * 1024 * 1024, resolved));
      if (read.ok) return read.value;
      if (read.missing === true) return undefined;
      // A file that is there but cannot be read safely (a link out, a FIFO) is not "absent":
      // planning around it would silently skip the registration it holds.
      throw new GeneratorError(
        `${read.problem.replace("repository", "workspace")}; replace it with a regular file, then run again. Nothing was written.`,
      );
    },
    exists(path) {
      const segments = splitContained(path);
      return segments !== undefined && entryAt(join(root, ...segments)) !== undefined;
    },
    list(dir) {
      const segments = dir === "" ? [] : splitContained(dir);
      if (segments === undefined) return [];
      const path = join(root, ...segments);
      // Only a real directory, and only real directories in it: no link is followed.
      if (entryAt(path)?.isDirectory() !== true) return [];
      return readdirSync(path, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    },
  };
}

/**
 * Writes a plan all-or-nothing through Paved's contained writer: a new project directory is
 * assembled aside and moved in with one rename, edits to existing files (workspace
 * registration) replace them through exclusive temporary files, nothing is written through a
 * link, and a failure undoes everything. Refuses to overwrite a created file that exists
 * unless `force` is set; edited files are the plan's to replace.
 */
export function writePlan(
  root: string,
  plan: Plan,
  options: { force?: boolean; fs?: WriterFs } = {},
): void {
  if (plan.conflicts.length > 0 && options.force !== true) {
    throw new GeneratorError(
      `these files already exist, and nothing was written (use --force to overwrite them):\n${plan.conflicts.map((path) => `  ${path}`).join("\n")}`,
    );
  }
  const edited = new Set(plan.edited);
  try {
    writeFiles(root, plan.files, {
      overwrite: (path) => options.force === true || edited.has(path),
      ...(options.fs === undefined ? {} : { fs: options.fs }),
    });
  } catch (error) {
    if (error instanceof WriteError) throw new GeneratorError(error.message);
    throw error;
  }
}
