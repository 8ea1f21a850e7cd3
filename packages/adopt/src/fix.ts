import type { Finding, Project, RepoIndex } from "@paved/conformance";
import type { DetectedManager } from "@paved/stations";
import { templateVersions } from "@paved/generators";
import { EditError } from "./edit/error.js";
import { jsonAdd, jsonGet } from "./edit/json.js";
import type { Workspace } from "./workspace.js";

/** What a fix sees: the planned repository, the project and what the audit found there. */
export interface FixContext {
  files: Workspace;
  index: RepoIndex;
  project: Project;
  projects: readonly Project[];
  /** The failing findings of this rule on this project. */
  findings: readonly Finding[];
  /** The repository's package manager, from `packageManager` or the lockfile. */
  manager: DetectedManager;
  /** The owner for CODEOWNERS (`--owner`, else `new.owner` of paved.config.json). */
  owner: string | undefined;
  /** Records devDependencies to add to the root package.json; they need an install. */
  needs: (names: readonly string[]) => void;
}

/** One rule's fix: how it fixes (for the docs and the plan), and the edits for one project. */
export interface Fixer {
  ruleId: string;
  how: string;
  /** Edits `context.files`; throws an EditError when the fix cannot be made safely here. */
  fix(context: FixContext): void;
}

export const defineFixer = (fixer: Fixer): Fixer => fixer;

/** Stops a fix with the reason a user reads in the plan. */
export function refuse(reason: string): never {
  throw new EditError(reason);
}

/** `path` inside a project directory. */
export const inProject = (project: Project, path: string): string =>
  project.dir === "" ? path : `${project.dir}/${path}`;

/** A dependency's version as the presets and templates pin it. */
export function presetVersion(name: string): string {
  const version = templateVersions[name];
  if (version === undefined) throw new Error(`no preset version for ${name}`);
  return version;
}

/** Adds devDependencies (the presets' versions) to a package.json, keeping any already there. */
export function addDevDependencies(text: string, file: string, names: readonly string[]): string {
  let next = text;
  for (const name of names) {
    // A dependency the package already has keeps its version.
    const present = ["dependencies", "devDependencies", "peerDependencies"].some(
      (field) => jsonGet(next, file, [field, name]) !== undefined,
    );
    if (!present) next = jsonAdd(next, file, ["devDependencies", name], presetVersion(name));
  }
  return next;
}

/** The parsed package.json of the planned root. */
export function rootManifest(files: Workspace): Record<string, unknown> | undefined {
  const text = files.read("package.json");
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object"
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The planned scripts of a project's package.json. */
export function scriptsOf(files: Workspace, project: Project): Record<string, string> {
  const text = files.read(inProject(project, "package.json"));
  try {
    const scripts = (JSON.parse(text ?? "{}") as { scripts?: unknown }).scripts;
    return scripts !== null && typeof scripts === "object"
      ? (scripts as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}
