import { inProject, type PackageManifest, type Project } from "../project.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { isRecord } from "../record.js";
import { compileUntrustedGlob } from "../repo/glob.js";
import { nxRunners, type NxInferredTarget } from "@paved/stations";

/** The runner of each Nx executor (`@nx/jest:jest` runs Jest), from `@paved/stations`. */
const executorRunners = new Map(
  nxRunners.flatMap((runner) => runner.executors.map((executor) => [executor, runner])),
);

/**
 * The commands of an Nx target: `nx:run-commands`' options (`command`, `commands`), or what its
 * executor runs (`@nx/vite:test` runs Vitest).
 */
function targetCommands(target: unknown, executors: boolean): string[] {
  // `executors`: only what the executor runs; else only the commands the target writes.
  if (!isRecord(target)) return [];
  const options = isRecord(target["options"]) ? target["options"] : {};
  const listed: unknown[] = Array.isArray(options["commands"])
    ? (options["commands"] as unknown[])
    : [];
  const executor = target["executor"];
  if (executors) {
    const runner = typeof executor === "string" ? executorRunners.get(executor) : undefined;
    if (runner === undefined) return [];
    // `@nx/esbuild:esbuild` type-checks the project unless told to skip it.
    const skip = runner.typeChecksUnless;
    return skip === undefined || options[skip] === true
      ? [runner.command]
      : [runner.command, "tsc --noEmit"];
  }
  return [target["command"], options["command"], ...listed]
    .map((entry: unknown) => (isRecord(entry) ? entry["command"] : entry))
    .filter((entry): entry is string => typeof entry === "string");
}

/**
 * The targets of the same project a target depends on (`"dependsOn": ["compile"]`, or
 * `{ "target": "compile" }`), which Nx runs first; `^build` (the dependencies' builds) is
 * another project's.
 */
function dependencies(target: unknown): string[] {
  const depends = isRecord(target) ? target["dependsOn"] : undefined;
  if (!Array.isArray(depends)) return [];
  return depends.flatMap((entry: unknown) => {
    const name = isRecord(entry)
      ? entry["projects"] === undefined || entry["projects"] === "self"
        ? entry["target"]
        : undefined
      : entry;
    return typeof name === "string" && /^[\w:.-]+$/.test(name) ? [name] : [];
  });
}

/** Targets name → commands, as scripts, from a `targets` object: what it depends on first. */
function asScripts(targets: unknown, executors: boolean): Record<string, string> {
  const scripts: Record<string, string> = {};
  if (!isRecord(targets)) return scripts;
  for (const [name, target] of Object.entries(targets)) {
    // The dependencies once, with the commands the target writes (not again with its executor's).
    const commands = [
      ...(executors
        ? []
        : dependencies(target).map((dependency) => `nx run-many -t ${dependency}`)),
      ...targetCommands(target, executors),
    ];
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

/** Where an integrated Nx workspace keeps its projects (nx.json's `workspaceLayout`). */
function layoutDirs(nx: Record<string, unknown>): string[] {
  const layout = isRecord(nx["workspaceLayout"]) ? nx["workspaceLayout"] : {};
  return [layout["appsDir"], layout["libsDir"]].map((dir, i) =>
    typeof dir === "string" && dir !== ""
      ? dir.replace(/^\.?\/+|\/+$/g, "")
      : (["apps", "libs"][i] ?? ""),
  );
}

/**
 * Each config file a plugin looks for, by file name: the paths that have it at a project of the
 * workspace, or anywhere under the workspace layout's apps and libs directories (where an
 * integrated workspace's projects are, each with a project.json the workspace does not list).
 * Not a walk of the whole listing: that took 1.5 ms of a cold process on 7,515 files.
 */
function configsByName(
  index: RepoIndex,
  projects: readonly Project[],
  nx: Record<string, unknown>,
): Map<string, string[]> {
  return index.derive("nx:plugin-configs", () => {
    const names = new Set(
      nxRunners.flatMap((runner) => runner.inferredBy.flatMap((target) => target.configFiles)),
    );
    const found = new Map<string, string[]>();
    const add = (name: string, path: string) => {
      const known = found.get(name);
      if (known === undefined) found.set(name, [path]);
      else if (!known.includes(path)) known.push(path);
    };
    for (const project of projects)
      for (const name of names) {
        const path = project.dir === "" ? name : `${project.dir}/${name}`;
        if (index.has(path)) add(name, path);
      }
    for (const dir of layoutDirs(nx))
      for (const path of dir === "" ? [] : index.filesUnder(dir)) {
        const name = path.slice(path.lastIndexOf("/") + 1);
        if (names.has(name)) add(name, path);
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

/** Whether a plugin entry takes a path: its `include` globs (all, where none is given), less its `exclude` globs. */
function pluginTakes(entry: Record<string, unknown>): (path: string) => boolean {
  const include = globsOf(entry["include"]);
  const exclude = globsOf(entry["exclude"]);
  return (path) => (include?.(path) ?? true) && !(exclude?.(path) ?? false);
}

/** Whether a plugin entry finds one of `configFiles` that it takes. */
function pluginFinds(
  byName: () => Map<string, string[]>,
  entry: Record<string, unknown>,
  configFiles: readonly string[],
): boolean {
  if (configFiles.length === 0) return true;
  const takes = pluginTakes(entry);
  const configs = byName();
  return configFiles.some((name) => (configs.get(name) ?? []).some(takes));
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

/** One target an inference plugin entry of nx.json gives, as its options name it. */
interface PluginTarget {
  entry: Record<string, unknown>;
  plugin: string;
  target: NxInferredTarget;
  command: string;
  /** The target's name: the plugin's option, else its default. */
  name: string;
  /** The option switches it off (`typecheck: false`), or an opt-in target is not opted into. */
  off: boolean;
}

/** The targets of `@paved/stations`' Nx runners that the plugin entries of nx.json give. */
function* pluginTargets(plugins: unknown): Generator<PluginTarget> {
  for (const plugin of Array.isArray(plugins) ? (plugins as unknown[]) : []) {
    const entry = isRecord(plugin) ? plugin : { plugin };
    const name = entry["plugin"];
    if (typeof name !== "string") continue;
    const options = isRecord(entry["options"]) ? entry["options"] : {};
    for (const { inferred: target, command } of inferences.get(name) ?? []) {
      const { value, parent } = optionAt(options, target.option);
      yield {
        entry,
        plugin: name,
        target,
        command,
        name: typeof value === "string" && value !== "" ? value : target.target,
        off:
          parent === false || (target.optIn === true && (parent === undefined || parent === null)),
      };
    }
  }
}

/**
 * The targets Nx's inference plugins give (`@nx/vite/plugin`'s `test` runs Vitest,
 * `@nx/js/typescript`'s `typecheck` runs tsc), each where the plugin finds its config file:
 * with `perProject`, those that need a config file (or are opted into), else those every
 * project gets.
 */
function inferred(
  plugins: unknown,
  byName: () => Map<string, string[]>,
  perProject: boolean,
): Record<string, string> {
  const scripts: Record<string, string> = {};
  for (const { entry, target, command, name, off } of pluginTargets(plugins)) {
    if (off || perProject !== (target.configFiles.length > 0 || target.optIn === true)) continue;
    if (!pluginFinds(byName, entry, target.configFiles)) continue;
    scripts[name] = scripts[name] === undefined ? command : `${scripts[name]} && ${command}`;
  }
  return scripts;
}

/**
 * The manifests of `nxTargetScripts` whose targets only some projects have: what an executor
 * runs (a target with `@nx/jest:jest` is its project's), and the inferred targets that need
 * the tool's config (`@nx/vitest`'s `test` is the projects' with a vitest config). The command
 * walk marks what it finds through them (`ToolCall.projectOnly`).
 */
export const projectOnlyTargets = new WeakSet<PackageManifest>();

/**
 * Nx targets as scripts the classifier can follow: the `nx.targets` of each package.json and
 * project.json, nx.json's `targetDefaults`, and the targets its plugins infer. `nx run-many -t
 * typecheck` then runs what those targets run.
 */
export function nxTargetScripts(index: RepoIndex, projects: readonly Project[]): PackageManifest[] {
  if (!index.has("nx.json")) return [];
  const found: PackageManifest[] = [];
  const targets = (of: unknown) => {
    found.push({ scripts: asScripts(of, false) });
    const run = { scripts: asScripts(of, true) };
    projectOnlyTargets.add(run);
    found.push(run);
  };
  const nx = index.json("nx.json");
  if (nx.ok && isRecord(nx.value)) {
    targets(nx.value["targetDefaults"]);
    const config = nx.value;
    const byName = () => configsByName(index, projects, config);
    found.push({ scripts: inferred(config["plugins"], byName, false) });
    const needConfig = { scripts: inferred(config["plugins"], byName, true) };
    projectOnlyTargets.add(needConfig);
    found.push(needConfig);
  }
  for (const project of projects) {
    const own = project.manifest?.["nx"];
    if (isRecord(own)) targets(own["targets"]);
    const path = project.dir === "" ? "project.json" : `${project.dir}/project.json`;
    if (!index.has(path)) continue;
    const config = index.json(path);
    if (config.ok && isRecord(config.value)) targets(config.value["targets"]);
  }
  return found.filter((manifest) => Object.keys(manifest.scripts ?? {}).length > 0);
}

/** One of a project's own Nx targets that only some projects have, and what says so. */
export interface OwnNxTarget {
  target: string;
  command: string;
  /** `Nx's inferred "test" target (@nx/jest/plugin, apps/web/jest.config.ts)`. */
  by: string;
}

/**
 * A project's own Nx targets that only some projects have: those nx.json's inference plugins
 * give it for a config file in its directory (within the plugin's include and exclude globs),
 * and those of its project.json or package.json `nx.targets` whose executor runs a known tool.
 */
export function ownNxTargets(index: RepoIndex, project: Project): OwnNxTarget[] {
  if (!index.has("nx.json")) return [];
  return index.derive(`nx:own-targets:${project.dir}`, () => {
    const found: OwnNxTarget[] = [];
    const nx = index.json("nx.json");
    const plugins = nx.ok && isRecord(nx.value) ? nx.value["plugins"] : undefined;
    for (const { entry, plugin, target, command, name, off } of pluginTargets(plugins)) {
      if (off || target.configFiles.length === 0) continue;
      const takes = pluginTakes(entry);
      const config = target.configFiles
        .map((file) => inProject(project, file))
        .find((path) => index.has(path) && takes(path));
      if (config === undefined) continue;
      found.push({
        target: name,
        command,
        by: `Nx's inferred "${name}" target (${plugin}, ${config})`,
      });
    }
    const own = project.manifest?.["nx"];
    const sources: [unknown, string][] = [
      [isRecord(own) ? own["targets"] : undefined, inProject(project, "package.json")],
    ];
    const path = inProject(project, "project.json");
    if (index.has(path)) {
      const config = index.json(path);
      if (config.ok && isRecord(config.value)) sources.push([config.value["targets"], path]);
    }
    for (const [targets, file] of sources)
      for (const [target, command] of Object.entries(asScripts(targets, true)))
        found.push({ target, command, by: `the "${target}" target of ${file}` });
    return found;
  });
}
