import type { PackageManifest, Project, RuleMeta, Verdict } from "../model.js";
import { sortedUnder, type RepoIndex } from "../repo/repo-index.js";

/** What a rule sees: the shared index and the project it judges. Rules never touch the disk. */
export interface RuleContext {
  index: RepoIndex;
  project: Project;
  /** Every project of the repository; the first is the root. */
  projects: readonly Project[];
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): Verdict | Verdict[];
}

/** One rule per file: its metadata beside its check. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/** `path` inside a project directory. */
export function inProject(project: Project, path: string): string {
  return project.dir === "" ? path : `${project.dir}/${path}`;
}

const typeScriptExtensions = new Set(["ts", "tsx", "mts", "cts"]);
const sourceExtensions = new Set([...typeScriptExtensions, "js", "mjs", "cjs", "jsx"]);

/** A file name's extension without the dot ("" when it has none). */
function extensionOf(file: string): string {
  const dot = file.lastIndexOf(".");
  return dot > file.lastIndexOf("/") ? file.slice(dot + 1) : "";
}

/** Source files (JS and TS, not declarations) under a project, from one shared scan of the index. */
export function sourceFiles(context: RuleContext, kind: "typescript" | "any"): readonly string[] {
  const { index, project } = context;
  const all = index.derive(`sources:${kind}`, () => {
    const extensions = kind === "typescript" ? typeScriptExtensions : sourceExtensions;
    return index.files.filter(
      (file) =>
        extensions.has(extensionOf(file)) && !(kind === "typescript" && file.endsWith(".d.ts")),
    );
  });
  // The listing is sorted, so a project's sources are one run of the repository's.
  return index.derive(`sources:${kind}:${project.dir}`, () => sortedUnder(all, project.dir));
}

/** The project's directory and each parent up to the root, nearest first. */
export function dirsUp(project: Project): string[] {
  const dirs: string[] = [];
  let dir = project.dir;
  for (;;) {
    dirs.push(dir);
    if (dir === "") return dirs;
    const slash = dir.lastIndexOf("/");
    dir = slash === -1 ? "" : dir.slice(0, slash);
  }
}

/** The nearest of `names`, looking in the project directory, then up to the repository root. */
export function findUp(context: RuleContext, names: readonly string[]): string | undefined {
  for (const dir of dirsUp(context.project)) {
    const found = context.index.first(names.map((name) => (dir === "" ? name : `${dir}/${name}`)));
    if (found) return found;
  }
  return undefined;
}

/** The root project's manifest. */
export function rootManifest(context: RuleContext): PackageManifest | undefined {
  return context.projects[0]?.manifest;
}

/**
 * Dependency names of the project's own package.json. The root's devDependencies (workspace-wide
 * tools) are not a package's: a package that lacks a dependency is not credited with the root's.
 */
export function dependencyNames(context: RuleContext): Set<string> {
  const names = new Set<string>();
  const manifest = context.project.manifest;
  for (const field of ["dependencies", "devDependencies", "peerDependencies"] as const) {
    for (const name of Object.keys(manifest?.[field] ?? {})) names.add(name);
  }
  return names;
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
