import type { ProjectKind } from "@paved/stations";
import type { PackageManifest, Project } from "../model.js";
import { globMatcher } from "./glob.js";
import type { RepoIndex } from "./repo-index.js";

/** Frameworks whose presence makes a package an HTTP service. */
const serverFrameworks = [
  "fastify",
  "express",
  "koa",
  "@hapi/hapi",
  "@nestjs/core",
  "hono",
  "@hono/node-server",
  "restify",
];

export function readManifest(index: RepoIndex, dir: string): PackageManifest | undefined {
  return manifestOrProblem(index, dir).manifest;
}

/** A project's package.json, or why an existing one could not be used. */
function manifestOrProblem(
  index: RepoIndex,
  dir: string,
): { manifest?: PackageManifest; problem?: string } {
  const path = dir === "" ? "package.json" : `${dir}/package.json`;
  if (!index.has(path)) return {};
  // Strict, as npm reads it: a manifest with a comment would install nowhere.
  const read = index.strictJson(path);
  if (!read.ok) return { problem: read.problem };
  if (read.value === null || typeof read.value !== "object" || Array.isArray(read.value)) {
    return { problem: `${path}: not a JSON object` };
  }
  return { manifest: read.value as PackageManifest };
}

/**
 * A workspace glob that is safe to match: relative, not empty, and short and simple enough that
 * matching cannot backtrack for ever (`*a*a*a*a…` against a long path).
 */
export function usableGlob(glob: unknown): glob is string {
  if (typeof glob !== "string") return false;
  const body = glob.replace(/^!/, "").replace(/^\.\//, "");
  return (
    body !== "" &&
    !body.startsWith("/") &&
    body.length <= 200 &&
    (body.match(/\*/g) ?? []).length <= 8
  );
}

/** The workspace globs of pnpm, npm and yarn, from pnpm-workspace.yaml or package.json. */
export function workspaceGlobs(index: RepoIndex, root: PackageManifest | undefined): string[] {
  return rawWorkspaceGlobs(index, root).filter(usableGlob);
}

function rawWorkspaceGlobs(index: RepoIndex, root: PackageManifest | undefined): unknown[] {
  const pnpm = index.has("pnpm-workspace.yaml") ? index.yaml("pnpm-workspace.yaml") : undefined;
  if (pnpm?.ok) {
    const packages = (pnpm.value as { packages?: unknown } | null)?.packages;
    if (Array.isArray(packages)) return packages;
  }
  const workspaces = root?.workspaces;
  if (Array.isArray(workspaces)) return workspaces.filter((glob) => typeof glob === "string");
  if (workspaces && Array.isArray(workspaces.packages))
    return workspaces.packages.filter((glob) => typeof glob === "string");
  return [];
}

function dependsOn(manifest: PackageManifest, names: readonly string[]): boolean {
  const all = {
    ...manifest.dependencies,
    ...manifest.devDependencies,
    ...manifest.peerDependencies,
  };
  return names.some((name) => name in all);
}

/** Front-end and docs-site dev servers: a `start` script running one is not a deployed service. */
const devServers =
  /\b(docusaurus|next|vite|astro|gatsby|nuxt|react-scripts|webpack(-dev-server| serve)|ng serve|svelte-kit|remix|storybook|vitepress|eleventy)\b/;

/** A service runs somewhere (a server framework, or a private package started with node); else a library. */
export function classify(manifest: PackageManifest): ProjectKind {
  if (dependsOn({ dependencies: manifest.dependencies ?? {} }, serverFrameworks)) return "service";
  const start = manifest.scripts?.["start"];
  if (manifest.private === true && start !== undefined && !devServers.test(start)) return "service";
  return "library";
}

/**
 * The projects of a repository: the root (always a `workspace-root`, and also a service or
 * library when it is a single-package repository) and each workspace package.
 */
export function discoverProjects(index: RepoIndex): Project[] {
  const { manifest: rootManifest, problem: rootProblem } = manifestOrProblem(index, "");
  const globs = workspaceGlobs(index, rootManifest);
  const packages: Project[] = [];
  if (globs.length > 0) {
    const include = globMatcher(
      globs.filter((glob) => !glob.startsWith("!")).map((glob) => glob.replace(/\/$/, "")),
    );
    const exclude = globMatcher(
      globs.filter((glob) => glob.startsWith("!")).map((glob) => glob.slice(1).replace(/\/$/, "")),
    );
    for (const file of index.files) {
      if (!file.endsWith("/package.json") || file.includes("node_modules/")) continue;
      const dir = file.slice(0, -"/package.json".length);
      if (!include(dir) || exclude(dir)) continue;
      const { manifest, problem } = manifestOrProblem(index, dir);
      packages.push({
        dir,
        name: manifest?.name ?? dir,
        kinds: [manifest ? classify(manifest) : "library"],
        manifest,
        ...(problem ? { manifestProblem: problem } : {}),
      });
    }
  }
  const rootKinds: ProjectKind[] = ["workspace-root"];
  // A single-package repository is judged as a package too; an unusable manifest counts as a library.
  if (globs.length === 0 && (rootManifest || rootProblem)) {
    rootKinds.push(rootManifest ? classify(rootManifest) : "library");
  }
  const root: Project = {
    dir: "",
    name: rootManifest?.name ?? ".",
    kinds: rootKinds,
    manifest: rootManifest,
    ...(rootProblem ? { manifestProblem: rootProblem } : {}),
  };
  return [root, ...packages];
}
