import type { ProjectKind } from "@paved/stations";
import type { RepoIndex } from "./repo/repo-index.js";

/** A project the audit judges: the repository root, or one workspace package. */
export interface Project {
  /** Directory relative to the repository root; `""` for the root. */
  dir: string;
  name: string;
  kinds: readonly ProjectKind[];
  /**
   * What the project is for: a `product` (shipped or deployed) is judged; examples, playgrounds,
   * fixtures, e2e apps, docs sites and benchmarks are listed but not judged. Absent: a product.
   */
  role?: ProjectRole;
  /** How the role was decided, for the report: `examples/ directory`, `paved.config.json`. */
  roleSource?: string;
  /** The project's package.json, when it has a readable one. */
  manifest: PackageManifest | undefined;
  /** Why package.json exists but could not be read or parsed (names the file). */
  manifestProblem?: string;
}

/** What a project is for; only products are judged. */
export type ProjectRole =
  "product" | "example" | "playground" | "fixture" | "e2e" | "docs" | "benchmark";

export const projectRoles: readonly ProjectRole[] = [
  "product",
  "example",
  "playground",
  "fixture",
  "e2e",
  "docs",
  "benchmark",
];

export interface PackageManifest {
  name?: string;
  version?: string;
  private?: boolean;
  type?: string;
  main?: string;
  types?: string;
  exports?: unknown;
  files?: string[];
  bin?: unknown;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  packageManager?: string;
  workspaces?: string[] | { packages?: string[] };
  [key: string]: unknown;
}

/** `path` inside a project directory. */
export function inProject(project: Project, path: string): string {
  return project.dir === "" ? path : `${project.dir}/${path}`;
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
export function findUp(
  index: RepoIndex,
  project: Project,
  names: readonly string[],
): string | undefined {
  for (const dir of dirsUp(project)) {
    const found = index.first(names.map((name) => (dir === "" ? name : `${dir}/${name}`)));
    if (found) return found;
  }
  return undefined;
}
