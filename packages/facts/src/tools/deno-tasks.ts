import type { PackageManifest, Project } from "../project.js";
import { isRecord } from "../record.js";
import type { RepoIndex } from "../repo/repo-index.js";

/** Deno's config files, in the order Deno looks for them. */
export const denoConfigs = ["deno.json", "deno.jsonc"];

/** Tasks read from one config: a large `tasks` object is a hostile file, not a project. */
const maxTasks = 512;

/**
 * A task's command line. Deno 2's object form runs its `dependencies` first (in parallel,
 * which for what a task calls is the same), then its `command`.
 */
function taskCommand(task: unknown): string | undefined {
  if (typeof task === "string") return task;
  if (!isRecord(task)) return undefined;
  const dependencies = Array.isArray(task["dependencies"])
    ? (task["dependencies"] as unknown[]).filter((name): name is string => typeof name === "string")
    : [];
  const command = typeof task["command"] === "string" ? [task["command"]] : [];
  const parts = [...dependencies.map((name) => `deno task ${name}`), ...command];
  return parts.length > 0 ? parts.join(" && ") : undefined;
}

/** A project's Deno config (`deno.json`, else `deno.jsonc`, in its directory), when it has one. */
export function denoConfigOf(index: RepoIndex, project: Project): string | undefined {
  return index.first(
    denoConfigs.map((name) => (project.dir === "" ? name : `${project.dir}/${name}`)),
  );
}

/**
 * The `tasks` of a project's deno.json(c) as scripts (JSON with comments, read through the
 * index), so that `deno task test` is followed to what the task runs, as `npm run test` is.
 */
export function denoTasksOf(index: RepoIndex, project: Project): Record<string, string> {
  const path = denoConfigOf(index, project);
  if (path === undefined) return {};
  return index.derive(`deno-tasks:${path}`, () => {
    const config = index.json(path);
    const tasks = config.ok && isRecord(config.value) ? config.value["tasks"] : undefined;
    const scripts: Record<string, string> = {};
    if (!isRecord(tasks)) return scripts;
    for (const [name, task] of Object.entries(tasks).slice(0, maxTasks)) {
      const command = taskCommand(task);
      if (command !== undefined) scripts[name] = command;
    }
    return scripts;
  });
}

/** Every project's Deno tasks as manifests the command classifier follows. */
export function denoTaskScripts(index: RepoIndex, projects: readonly Project[]): PackageManifest[] {
  return projects
    .map((project) => ({ scripts: denoTasksOf(index, project) }))
    .filter((manifest) => Object.keys(manifest.scripts).length > 0);
}
