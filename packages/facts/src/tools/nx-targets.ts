import type { PackageManifest, Project } from "../project.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { isRecord } from "../record.js";
import { compileUntrustedGlob } from "../repo/glob.js";
import { nxRunners, type NxInferredTarget } from "@paved/stations";

/** The command an Nx executor runs (`@nx/jest:jest` runs Jest), from `@paved/stations`. */
const executorCommands = new Map(
  nxRunners.flatMap((runner) => runner.executors.map((executor) => [executor, runner.command])),
);

/**
 * The commands of an Nx target: `nx:run-commands`' options (`command`, `commands`), or what its
 * executor runs (`@nx/vite:test` runs Vitest).
 */
function targetCommands(target: unknown, executors: boolean): string[] {
  if (!isRecord(target)) return [];
  const options = isRecord(target["options"]) ? target["options"] : {};
  const listed: unknown[] = Array.isArray(options["commands"])
    ? (options["commands"] as unknown[])
    : [];
  const executor = target["executor"];
  const run =
    executors && typeof executor === "string" ? executorCommands.get(executor) : undefined;
  return [target["command"], options["command"], ...listed, run]
    .map((entry: unknown) => (isRecord(entry) ? entry["command"] : entry))
    .filter((entry): entry is string => typeof entry === "string");
}

/** Targets name → commands, as scripts, from a `targets` object. */
function asScripts(targets: unknown, executors: boolean): Record<string, string> {
  const scripts: Record<string, string> = {};
  if (!isRecord(targets)) return scripts;
  for (const [name, target] of Object.entries(targets)) {
    const commands = targetCommands(target, executors);
    if (commands.length > 0) scripts[name] = commands.join(" && ");
  }
  return scripts;
}

/** The plugin targets of `@paved/stations`' Nx runners, by plugin name. */
const inferences = new Map<string, { inferred: NxInferredTarget; command: string }[]>();
for (const runner of nxRunners)
  for (const inferred of runner.inferredBy)
    inferences.set(inferred.plugin, [
      ...(inferences.get(inferred.plugin) ?? []),
      { inferred, command: runner.command },
    ]);

/** Each config file a plugin looks for, by file name: the paths of the listing that have it. */
function configsByName(index: RepoIndex): Map<string, string[]> {
  return index.derive("nx:plugin-configs", () => {
    const names = new Set(
      nxRunners.flatMap((runner) => runner.inferredBy.flatMap((target) => target.configFiles)),
    );
    const found = new Map<string, string[]>();
    const files = index.files;
    // An index loop, not `for…of`: each step of an array iterator allocates in a cold process.
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- see above
    for (let i = 0; i < files.length; i += 1) {
      const path = files[i] ?? "";
      const name = path.slice(path.lastIndexOf("/") + 1);
      if (names.has(name)) found.set(name, [...(found.get(name) ?? []), path]);
    }
    return found;
  });
}

/** A plugin entry's `include` or `exclude` globs as one matcher; undefined where none is given. */
function globsOf(value: unknown): ((path: string) => boolean) | undefined {
  if (!Array.isArray(value)) return undefined;
  const matchers = (value as unknown[]).flatMap((pattern) => {
    if (typeof pattern !== "string") return [];
    const compiled = compileUntrustedGlob(pattern, { dot: true });
    // A glob that cannot be matched matches nothing.
    return "match" in compiled ? [compiled.match] : [];
  });
  return (path) => matchers.some((match) => match(path));
}

/**
 * Whether a plugin entry finds one of `configFiles`: a file of that name in the listing that its
 * `include` globs take (all, where none is given) and its `exclude` globs leave.
 */
function pluginFinds(
  index: RepoIndex,
  entry: Record<string, unknown>,
  configFiles: readonly string[],
): boolean {
  if (configFiles.length === 0) return true;
  const include = globsOf(entry["include"]);
  const exclude = globsOf(entry["exclude"]);
  const byName = configsByName(index);
  return configFiles.some((name) =>
    (byName.get(name) ?? []).some(
      (path) => (include?.(path) ?? true) && !(exclude?.(path) ?? false),
    ),
  );
}

/** An option by its dotted path (`typecheck.targetName`), and whether its parent switches it off. */
function optionAt(
  options: Record<string, unknown>,
  path: string,
): { value: unknown; parent: unknown } {
  const [first = "", second] = path.split(".");
  if (second === undefined) return { value: options[first], parent: true };
  const parent = options[first];
  return { value: isRecord(parent) ? parent[second] : undefined, parent };
}

/**
 * The targets Nx's inference plugins give (`@nx/vite/plugin`'s `test` runs Vitest,
 * `@nx/js/typescript`'s `typecheck` runs tsc), each where the plugin finds its config file;
 * without `all`, only those every project gets (no config file to find, not opted into).
 */
function inferred(index: RepoIndex, plugins: unknown, all: boolean): Record<string, string> {
  const scripts: Record<string, string> = {};
  for (const plugin of Array.isArray(plugins) ? (plugins as unknown[]) : []) {
    const entry = isRecord(plugin) ? plugin : { plugin };
    const name = entry["plugin"];
    if (typeof name !== "string") continue;
    const options = isRecord(entry["options"]) ? entry["options"] : {};
    for (const { inferred: target, command } of inferences.get(name) ?? []) {
      if (!all && (target.configFiles.length > 0 || target.optIn === true)) continue;
      const { value, parent } = optionAt(options, target.option);
      if (parent === false || (target.optIn === true && (parent === undefined || parent === null)))
        continue;
      if (!pluginFinds(index, entry, target.configFiles)) continue;
      const targetName = typeof value === "string" && value !== "" ? value : target.target;
      scripts[targetName] =
        scripts[targetName] === undefined ? command : `${scripts[targetName]} && ${command}`;
    }
  }
  return scripts;
}

/**
 * Nx targets as scripts the classifier can follow: the `nx.targets` of each package.json and
 * project.json, nx.json's `targetDefaults`, and the targets its plugins infer. `nx run-many -t
 * typecheck` then runs what those targets run.
 *
 * `projectTools: false` leaves out what runs only in the projects that have a tool's config or
 * name its executor (an inferred `test` target where there is a vitest.config, a target with
 * `@nx/jest:jest`): the walk then says what a command runs for every project alike, which is
 * what a workspace package is credited with when the root or CI runs `nx run-many -t test`.
 */
export function nxTargetScripts(
  index: RepoIndex,
  projects: readonly Project[],
  projectTools = true,
): PackageManifest[] {
  if (!index.has("nx.json")) return [];
  const found: PackageManifest[] = [];
  const nx = index.json("nx.json");
  if (nx.ok && isRecord(nx.value)) {
    found.push({ scripts: asScripts(nx.value["targetDefaults"], projectTools) });
    found.push({ scripts: inferred(index, nx.value["plugins"], projectTools) });
  }
  for (const project of projects) {
    const own = project.manifest?.["nx"];
    if (isRecord(own)) found.push({ scripts: asScripts(own["targets"], projectTools) });
    const path = project.dir === "" ? "project.json" : `${project.dir}/project.json`;
    if (!index.has(path)) continue;
    const config = index.json(path);
    if (config.ok && isRecord(config.value))
      found.push({ scripts: asScripts(config.value["targets"], projectTools) });
  }
  return found.filter((manifest) => Object.keys(manifest.scripts ?? {}).length > 0);
}
