import type { PackageManifest, Project } from "../project.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { isRecord } from "../record.js";

/** The commands of an Nx target's `nx:run-commands` options (`command`, `commands`). */
function targetCommands(target: unknown): string[] {
  if (!isRecord(target)) return [];
  const options = isRecord(target["options"]) ? target["options"] : {};
  const listed: unknown[] = Array.isArray(options["commands"])
    ? (options["commands"] as unknown[])
    : [];
  return [target["command"], options["command"], ...listed]
    .map((entry: unknown) => (isRecord(entry) ? entry["command"] : entry))
    .filter((entry): entry is string => typeof entry === "string");
}

/** Targets name → commands, as scripts, from a `targets` object. */
function asScripts(targets: unknown): Record<string, string> {
  const scripts: Record<string, string> = {};
  if (!isRecord(targets)) return scripts;
  for (const [name, target] of Object.entries(targets)) {
    const commands = targetCommands(target);
    if (commands.length > 0) scripts[name] = commands.join(" && ");
  }
  return scripts;
}

/** Commands Nx's inference plugins give a target (`@nx/js/typescript`'s typecheck runs tsc). */
function inferred(plugins: unknown): Record<string, string> {
  const scripts: Record<string, string> = {};
  for (const plugin of Array.isArray(plugins) ? (plugins as unknown[]) : []) {
    const name = isRecord(plugin) ? plugin["plugin"] : plugin;
    if (name !== "@nx/js/typescript") continue;
    const options = isRecord(plugin) && isRecord(plugin["options"]) ? plugin["options"] : {};
    const typecheck = options["typecheck"];
    if (typecheck === false) continue;
    const target = isRecord(typecheck) ? typecheck["targetName"] : undefined;
    scripts[typeof target === "string" ? target : "typecheck"] =
      "tsc --build --emitDeclarationOnly";
  }
  return scripts;
}

/**
 * Nx targets as scripts the classifier can follow: the `nx.targets` of each package.json and
 * project.json, nx.json's `targetDefaults`, and the targets its plugins infer. `nx run-many -t
 * typecheck` then runs what those targets run.
 */
export function nxTargetScripts(index: RepoIndex, projects: readonly Project[]): PackageManifest[] {
  if (!index.has("nx.json")) return [];
  const found: PackageManifest[] = [];
  const nx = index.json("nx.json");
  if (nx.ok && isRecord(nx.value)) {
    found.push({ scripts: asScripts(nx.value["targetDefaults"]) });
    found.push({ scripts: inferred(nx.value["plugins"]) });
  }
  for (const project of projects) {
    const own = project.manifest?.["nx"];
    if (isRecord(own)) found.push({ scripts: asScripts(own["targets"]) });
    const path = project.dir === "" ? "project.json" : `${project.dir}/project.json`;
    if (!index.has(path)) continue;
    const config = index.json(path);
    if (config.ok && isRecord(config.value))
      found.push({ scripts: asScripts(config.value["targets"]) });
  }
  return found.filter((manifest) => Object.keys(manifest.scripts ?? {}).length > 0);
}
