import type { Tree } from "@nx/devkit";
import { checkWritable, WriteError } from "@paved/fs";
import { planNew, type ProjectKind } from "./plan.js";
import { diskTree } from "./write.js";
import { GeneratorError } from "./names.js";

/** The options of `nx g @paved/generators:service|library` (schema/nx-project.json). */
export interface NxProjectOptions {
  name: string;
  directory?: string;
  scope?: string;
  owner?: string;
  description?: string;
  registry?: string;
}

/**
 * Writes the plan through Nx's Tree, so `nx g … --dry-run` shows it and writes nothing, and Nx
 * prints what changed. The plan is the one `paved new` writes: same renderer, same files.
 */
function generate(kind: ProjectKind) {
  return (tree: Tree, options: NxProjectOptions): (() => void) => {
    const disk = diskTree(tree.root);
    const plan = planNew(
      {
        kind,
        name: options.name,
        ...(options.directory === undefined ? {} : { directory: options.directory }),
        // An empty answer to the x-prompt: the organisation's setting.
        ...(options.scope === undefined || options.scope === "" ? {} : { scope: options.scope }),
        ...(options.owner === undefined || options.owner === "" ? {} : { owner: options.owner }),
        ...(options.description === undefined ? {} : { description: options.description }),
        ...(options.registry === undefined ? {} : { registry: options.registry }),
      },
      {
        read: (path) => {
          // Nx's tree reads through links: what lies on disk is first read the contained way,
          // which refuses a link out of the workspace, a FIFO or a huge file.
          disk.read(path);
          return tree.isFile(path) ? (tree.read(path, "utf-8") ?? undefined) : undefined;
        },
        exists: (path) => tree.exists(path),
        // Only what is a directory on disk too, never through a link: the disk tree decides.
        list: (dir) => disk.list?.(dir) ?? [],
      },
    );
    if (plan.conflicts.length > 0) {
      throw new GeneratorError(
        `these files already exist, and nothing was written:\n${plan.conflicts.map((path) => `  ${path}`).join("\n")}`,
      );
    }
    // Nx flushes its tree through links; the plan's paths are checked the contained way first.
    try {
      checkWritable(tree.root, plan.files.keys());
    } catch (error) {
      if (error instanceof WriteError) throw new GeneratorError(error.message);
      throw error;
    }
    for (const [path, text] of plan.files) tree.write(path, text);
    // Nx runs the returned task once the files are written (never on --dry-run): the next
    // steps paved new prints, what to run and what the workspace's root still lacks.
    return () => {
      process.stdout.write(`\nNext:\n${plan.nextSteps.map((step) => `  ${step}\n`).join("")}`);
    };
  };
}

export const serviceGenerator = generate("service");
export const libraryGenerator = generate("library");
export default serviceGenerator;
