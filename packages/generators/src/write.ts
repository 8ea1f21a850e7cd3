import * as nodeFs from "node:fs";
import { dirname, join, relative } from "node:path";
import { GeneratorError } from "./errors.js";

export { GeneratorError };
import type { Plan } from "./plan.js";
import type { SourceTree } from "./workspace.js";

/** The file-system calls the writer makes; tests hand in one that fails on cue. */
export type WriterFs = Pick<
  typeof nodeFs,
  "mkdirSync" | "writeFileSync" | "renameSync" | "rmSync" | "readFileSync" | "existsSync"
>;

/** Reads a directory on disk as the generator's source tree; never follows a link out of it. */
export function diskTree(root: string): SourceTree {
  const inside = (path: string) => {
    const full = join(root, path);
    const rel = relative(root, full);
    return rel !== "" && !rel.startsWith("..") ? full : undefined;
  };
  return {
    read(path) {
      const full = inside(path);
      if (full === undefined) return undefined;
      try {
        const stat = nodeFs.statSync(full);
        if (!stat.isFile() || stat.size > 4 * 1024 * 1024) return undefined;
        return nodeFs.readFileSync(full, "utf8");
      } catch {
        return undefined;
      }
    },
    exists(path) {
      const full = inside(path);
      return full !== undefined && nodeFs.existsSync(full);
    },
  };
}

/** `node:crypto` loads on first use: `paved audit` bundles this module but never writes with it. */
const randomHex = (bytes: number): string =>
  process.getBuiltinModule("node:crypto").randomBytes(bytes).toString("hex");

const temporaryName = (path: string) => `${path}.paved-${String(process.pid)}-${randomHex(4)}.tmp`;

/** The first directory of `path` (relative) that does not exist yet, if any. */
function firstMissing(fs: WriterFs, root: string, path: string): string | undefined {
  const parts = path.split("/");
  for (let i = 1; i <= parts.length; i += 1) {
    const prefix = parts.slice(0, i).join("/");
    if (!fs.existsSync(join(root, prefix))) return prefix;
  }
  return undefined;
}

/**
 * Writes a plan all-or-nothing. A project whose directory does not exist yet is assembled in a
 * hidden sibling directory and moved into place with one rename, so no reader ever sees half a
 * project; edits to existing files (workspace registration) are each written to a temporary file
 * and renamed over the original. If any step fails, everything done so far is undone: new files
 * and directories removed, edited files restored. Refuses to overwrite an existing file unless
 * `force` is set. SIGINT and SIGTERM wait until the writer has finished or undone its work.
 */
export function writePlan(
  root: string,
  plan: Plan,
  options: { force?: boolean; fs?: WriterFs } = {},
): void {
  const fs = options.fs ?? nodeFs;
  if (plan.conflicts.length > 0 && options.force !== true) {
    throw new GeneratorError(
      `these files already exist, and nothing was written (use --force to overwrite them):\n${plan.conflicts.map((path) => `  ${path}`).join("\n")}`,
    );
  }
  const signals: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals) => {
    signals.push(signal);
  };
  process.on("SIGINT", hold);
  process.on("SIGTERM", hold);
  const undo: (() => void)[] = [];
  try {
    // A new top-level directory for the project: build it aside, then one rename.
    const fresh = firstMissing(fs, root, plan.directory);
    let stagingDir: string | undefined;
    if (fresh !== undefined) {
      stagingDir = join(root, dirname(fresh), `.paved-new-${randomHex(6)}`);
      fs.mkdirSync(stagingDir, { recursive: true });
      undo.push(() => {
        fs.rmSync(stagingDir ?? "", { recursive: true, force: true });
      });
    }
    const rest: [string, string][] = [];
    for (const [path, text] of plan.files) {
      if (
        fresh !== undefined &&
        stagingDir !== undefined &&
        (path === fresh || path.startsWith(`${fresh}/`))
      ) {
        const target = join(stagingDir, path.slice(fresh.length + 1));
        fs.mkdirSync(dirname(target), { recursive: true });
        fs.writeFileSync(target, text, { flag: "wx" });
      } else rest.push([path, text]);
    }
    // Every other file: write next to its target, then rename over it.
    const temporaries: [string, string][] = [];
    for (const [path, text] of rest) {
      const target = join(root, path);
      const missing = firstMissing(fs, root, dirname(path) === "." ? path : dirname(path));
      if (missing !== undefined && dirname(path) !== ".") {
        fs.mkdirSync(join(root, dirname(path)), { recursive: true });
        const created = join(root, missing);
        undo.push(() => {
          fs.rmSync(created, { recursive: true, force: true });
        });
      }
      const temporary = temporaryName(target);
      fs.writeFileSync(temporary, text, { flag: "wx" });
      undo.push(() => {
        fs.rmSync(temporary, { force: true });
      });
      temporaries.push([temporary, target]);
    }
    // Commit: the project directory, then the edits, each restorable.
    if (fresh !== undefined && stagingDir !== undefined) {
      const finalDir = join(root, fresh);
      fs.renameSync(stagingDir, finalDir);
      undo.push(() => {
        fs.rmSync(finalDir, { recursive: true, force: true });
      });
    }
    for (const [temporary, target] of temporaries) {
      let original: Buffer | undefined;
      try {
        original = fs.readFileSync(target);
      } catch {
        original = undefined;
      }
      fs.renameSync(temporary, target);
      undo.push(() => {
        if (original === undefined) fs.rmSync(target, { force: true });
        else fs.writeFileSync(target, original);
      });
    }
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Keep undoing the rest.
      }
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new GeneratorError(
      `could not write the files (${code ?? (error instanceof Error ? error.message : String(error))}); nothing was changed.`,
    );
  } finally {
    // A signal that came while the (synchronous) writer ran is delivered on the next turn of
    // the event loop: keep holding it until then, then let it take effect.
    setImmediate(() => {
      process.off("SIGINT", hold);
      process.off("SIGTERM", hold);
      if (signals.length > 0) process.kill(process.pid, signals[0]);
    });
  }
}
