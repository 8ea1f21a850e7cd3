import type { Tool, ToolStation } from "@paved/stations";
import {
  findUp as findUpIn,
  packageManagerOf,
  sources,
  toolsRunIn,
  typeScriptSources,
  workspace,
  type Fact,
  type Facts,
  type PackageManifest,
  type Project,
  type ProjectFact,
} from "@paved/facts";
import { inProject } from "@paved/facts";
import type { RuleMeta, Verdict } from "../model.js";

export { inProject };

/**
 * A rule: its metadata beside its judge. The judge is a pure function of the repository's facts
 * and the project it judges; it never touches the disk.
 */
export interface Rule {
  meta: RuleMeta;
  /** The facts the judge decides by; the rule reference prints how each of them decides. */
  reads?: readonly (Fact<unknown> | ProjectFact<unknown>)[];
  judge(facts: Facts, project: Project): Verdict | Verdict[];
}

/** One rule per file: its metadata beside its judge. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Every project of the repository; the first is the root. */
export const projectsOf = (facts: Facts): readonly Project[] => facts.get(workspace).projects;

/** Source files (JS and TS, not declarations) under a project. */
export function sourceFiles(
  facts: Facts,
  project: Project,
  kind: "typescript" | "any",
): readonly string[] {
  return facts.of(kind === "typescript" ? typeScriptSources : sources, project);
}

/** The nearest of `names`, looking in the project directory, then up to the repository root. */
export function findUp(
  facts: Facts,
  project: Project,
  names: readonly string[],
): string | undefined {
  return findUpIn(facts.files, project, names);
}

/** The root project's manifest. */
export function rootManifest(facts: Facts): PackageManifest | undefined {
  return projectsOf(facts)[0]?.manifest;
}

/**
 * Dependency names of the project's own package.json. The root's devDependencies (workspace-wide
 * tools) are not a package's: a package that lacks a dependency is not credited with the root's.
 */
export function dependencyNames(project: Project): Set<string> {
  const names = new Set<string>();
  const manifest = project.manifest;
  for (const field of ["dependencies", "devDependencies", "peerDependencies"] as const) {
    for (const name of Object.keys(manifest?.[field] ?? {})) names.add(name);
  }
  return names;
}

/** The dependency names of the root's package.json (see `dependencyNames`). */
export function rootDependencyNames(facts: Facts): Set<string> {
  const root = projectsOf(facts)[0];
  return root ? dependencyNames(root) : new Set();
}

/** The verdict for a rule that needs package.json when the project has none, or an unusable one. */
export function withoutManifest(project: Project): Verdict {
  return project.manifestProblem
    ? notEvaluated("package.json could not be used.", project.manifestProblem, {
        path: inProject(project, "package.json"),
      })
    : notApplicable("No package.json.");
}

export const pass = (message: string, location?: Verdict["location"]): Verdict =>
  location ? { outcome: "pass", message, location } : { outcome: "pass", message };
/** A failure; `remediation` says what to do in the repository's own terms, where known. */
export const fail = (
  message: string,
  location?: Verdict["location"],
  remediation?: string,
): Verdict => ({
  outcome: "fail",
  message,
  ...(location ? { location } : {}),
  ...(remediation ? { remediation } : {}),
});
export const notApplicable = (message: string): Verdict => ({ outcome: "not-applicable", message });
export const notEvaluated = (
  message: string,
  reason: string,
  location?: Verdict["location"],
): Verdict =>
  location
    ? { outcome: "not-evaluated", message, reason, location }
    : { outcome: "not-evaluated", message, reason };

/**
 * How to add one of `tools` to a project, in the repository's own terms: where a tool of the
 * class is already a dependency (the project's or the root's) but nothing configures it here,
 * its config file; otherwise `install` with the repository's package manager (`pnpm add -D …`).
 */
export function addToolAdvice(
  facts: Facts,
  project: Project,
  tools: readonly Tool[],
  install: { packages: string; then: string },
): string {
  const names = new Set([...dependencyNames(project), ...rootDependencyNames(facts)]);
  const installed = tools.find((tool) => tool.packages.some((name) => names.has(name)));
  const file = installed?.configFiles?.[0];
  if (installed && file) {
    const where = project.dir === "" ? "the root" : project.dir;
    const covering = project.dir === "" ? "" : " (or one at the root that covers it)";
    return `${installed.title} is a dependency but nothing configures it for ${where}: add ${inProject(project, file)}${covering}.`;
  }
  return install.then.replace("{add}", `\`${packageManagerOf(facts).addDev(install.packages)}\``);
}

/**
 * The root's script that runs `station` (a check, not only a fix), preferring the one named
 * after it: what a fix should tell CI to call before telling the repository to add one.
 */
export function rootScriptRunning(facts: Facts, station: ToolStation): string | undefined {
  const projects = facts.get(workspace).projects;
  const scripts = Object.entries(projects[0]?.manifest?.scripts ?? {});
  const runs = ([, script]: [string, unknown]) =>
    typeof script === "string" &&
    toolsRunIn(facts.files, projects, script).some(
      (call) => call.station === station && call.fixes !== true,
    );
  return (scripts.find((entry) => entry[0] === station && runs(entry)) ?? scripts.find(runs))?.[0];
}

/** Whether turbo.json defines a task (`tasks`, or Turborepo 1's `pipeline`), `pkg#task` included. */
export function turboHasTask(facts: Facts, task: string): boolean {
  const path = ["turbo.json", "turbo.jsonc"].find((file) => facts.files.has(file));
  if (path === undefined) return false;
  const config = facts.files.json(path);
  if (!config.ok || config.value === null || typeof config.value !== "object") return false;
  const { tasks, pipeline } = config.value as { tasks?: unknown; pipeline?: unknown };
  return [tasks, pipeline].some(
    (found) =>
      found !== null &&
      typeof found === "object" &&
      Object.keys(found).some((name) => name === task || name.endsWith(`#${task}`)),
  );
}
