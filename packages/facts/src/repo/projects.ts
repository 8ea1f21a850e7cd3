import type { ProjectKind } from "@paved/stations";
import type { PackageManifest, Project, ProjectRole } from "../project.js";
import { readWorkspace } from "../workspace.js";
import { compileUntrustedGlob } from "./glob.js";
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

/** A workspace glob that can be matched at all: a relative, non-empty string. */
function usableGlob(glob: unknown): glob is string {
  if (typeof glob !== "string") return false;
  const body = glob.replace(/^!/, "").replace(/^\.\//, "");
  return body !== "" && !body.startsWith("/");
}

/** Workspace globs with a wildcard beyond this many are not matched: each one costs a pass. */
export const maxWorkspaceGlobs = 1000;
/** Workspace packages beyond this many are not judged (the report says so). */
export const maxWorkspacePackages = 10_000;

/** The workspace globs of pnpm, npm and yarn, from pnpm-workspace.yaml or package.json. */
export function workspaceGlobs(index: RepoIndex, root: PackageManifest | undefined): string[] {
  return rawWorkspaceGlobs(index, root).filter(usableGlob);
}

function rawWorkspaceGlobs(index: RepoIndex, root: PackageManifest | undefined): unknown[] {
  const pnpm = index.has("pnpm-workspace.yaml") ? index.yaml("pnpm-workspace.yaml") : undefined;
  // An unreadable pnpm-workspace.yaml leaves the manifest's `workspaces` to go by.
  return readWorkspace(pnpm?.ok ? pnpm.value : undefined, root)?.globs ?? [];
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
  // A package made to be published (what it exports, its types, its files, its bins) is what
  // others run or import (a `serve` CLI, a framework's adapter), though it depends on a server
  // framework: a library. `main` alone is npm init's default, in apps as much as packages.
  if (
    manifest.private !== true &&
    ["exports", "types", "typings", "files", "bin", "publishConfig"].some(
      (key) => manifest[key] !== undefined,
    )
  )
    return "library";
  if (dependsOn({ dependencies: manifest.dependencies ?? {} }, serverFrameworks)) return "service";
  const start = manifest.scripts?.["start"];
  if (manifest.private === true && start !== undefined && !devServers.test(start)) return "service";
  return "library";
}

/** Directory names that hold something other than a product, and what they hold. */
const nonProductDirs: [RegExp, ProjectRole][] = [
  [/^(examples?|demos?|samples?|starters?|templates?)$/i, "example"],
  [/^(playgrounds?|sandbox(es)?)$/i, "playground"],
  [/^(__)?(test-)?fixtures?(__)?$/i, "fixture"],
  // Nx names an app's end-to-end project after it: `apps/cart-e2e`.
  [/^(e2e|e2e-tests?|integration|integration-tests?|[\w.-]+-e2e)$/i, "e2e"],
  [/^(docs?|website|site|www|documentation|docs-site)$/i, "docs"],
  [/^(bench|benchmarks?)$/i, "benchmark"],
];

/**
 * Frameworks that build documentation sites: a private package that depends on one is a docs
 * site wherever it sits (`www/`, `apps/guide`). A published one is a theme or a plugin for it.
 */
const docsFrameworks = [
  "vitepress",
  "vuepress",
  "@vuepress/core",
  "@docusaurus/core",
  "nextra",
  "@astrojs/starlight",
  "fumadocs-core",
  "rspress",
  "@rspress/core",
  "vocs",
  "docsify-cli",
  "dumi",
];

/**
 * What a workspace package is for: from the directories it sits in (`examples/a` is an example,
 * `packages/docs` a docs site), else from what it is built with (a private package built with
 * VitePress or Docusaurus is a docs site); everything else is a product.
 */
export function roleOf(
  dir: string,
  manifest?: PackageManifest,
): { role: ProjectRole; source?: string } {
  for (const segment of dir.split("/")) {
    const found = nonProductDirs.find(([pattern]) => pattern.test(segment));
    if (found) return { role: found[1], source: `under ${segment}/` };
  }
  if (manifest?.private === true) {
    const framework = docsFrameworks.find((name) => dependsOn(manifest, [name]));
    if (framework !== undefined) return { role: "docs", source: `depends on ${framework}` };
  }
  return { role: "product" };
}

/**
 * Whether a workspace root is also the package it publishes (h3, date-fns): named, not private,
 * with entry points. Its own test, typecheck and build stations are then judged too.
 */
export function publishedRoot(manifest: PackageManifest | undefined): boolean {
  if (manifest === undefined || manifest.private === true || typeof manifest.name !== "string")
    return false;
  return ["exports", "main", "module", "types", "bin"].some((key) => manifest[key] !== undefined);
}

/**
 * Which directories the workspace globs take in. Literal globs (most of a long generated list)
 * are a set lookup; globs with a wildcard are matched in linear time, at most
 * `maxWorkspaceGlobs` of them once braces are expanded (each is one pass per package); a glob
 * that cannot be matched is left out with a problem.
 */
function workspaceFilter(globs: readonly string[], problems: string[]): (dir: string) => boolean {
  const literal = { include: new Set<string>(), exclude: new Set<string>() };
  const wild = {
    include: [] as ((dir: string) => boolean)[],
    exclude: [] as ((dir: string) => boolean)[],
  };
  let cost = 0;
  let dropped = 0;
  for (const raw of globs) {
    const negated = raw.startsWith("!");
    const glob = (negated ? raw.slice(1) : raw).replace(/^(\.\/)+/, "").replace(/\/$/, "");
    const side = negated ? "exclude" : "include";
    // No wildcard, brace, class or escape: the glob is the directory's name.
    if (!/[*?[\]{}()\\]/.test(glob)) {
      literal[side].add(glob);
      continue;
    }
    const compiled = compileUntrustedGlob(glob);
    if ("problem" in compiled) problems.push(`workspace ${compiled.problem}; not matched`);
    else if (cost + compiled.alternatives > maxWorkspaceGlobs) dropped += 1;
    else {
      cost += compiled.alternatives;
      wild[side].push(compiled.match);
    }
  }
  if (dropped > 0)
    problems.push(
      `workspace: ${String(dropped)} globs with wildcards beyond the first ${String(maxWorkspaceGlobs)} (braces expanded) were not matched`,
    );
  const any = (dir: string, side: "include" | "exclude") =>
    literal[side].has(dir) || wild[side].some((match) => match(dir));
  return (dir) => any(dir, "include") && !any(dir, "exclude");
}

/** The workspace packages: directories with a package.json that the globs take in, capped. */
function workspacePackages(
  index: RepoIndex,
  globs: readonly string[],
  problems: string[],
): Project[] {
  const included = workspaceFilter(globs, problems);
  const packages: Project[] = [];
  // An index, not `for…of`: in a cold process each step of an array's iterator allocates its
  // result, some 300 KB over 7,500 files.
  const files = index.files;
  // eslint-disable-next-line @typescript-eslint/prefer-for-of -- see above
  for (let i = 0; i < files.length; i += 1) {
    const file = files[i] ?? "";
    if (!file.endsWith("/package.json") || file.includes("node_modules/")) continue;
    const dir = file.slice(0, -"/package.json".length);
    if (!included(dir)) continue;
    if (packages.length >= maxWorkspacePackages) {
      problems.push(
        `workspace: more than ${String(maxWorkspacePackages)} packages; the rest were not judged`,
      );
      break;
    }
    const { manifest, problem } = manifestOrProblem(index, dir);
    const { role, source } = roleOf(dir, manifest);
    packages.push({
      dir,
      name: manifest?.name ?? dir,
      kinds: [manifest ? classify(manifest) : "library"],
      role,
      ...(source ? { roleSource: source } : {}),
      manifest,
      ...(problem ? { manifestProblem: problem } : {}),
    });
  }
  return packages;
}

/**
 * The projects of a repository: the root (always a `workspace-root`, and also a service or
 * library when it is a single-package repository) and each workspace package. What could not
 * be taken in (globs that cannot be matched, packages over the cap) goes to `problems`.
 */
export function discoverProjects(index: RepoIndex, problems: string[] = []): Project[] {
  const { manifest: rootManifest, problem: rootProblem } = manifestOrProblem(index, "");
  const globs = workspaceGlobs(index, rootManifest);
  const packages = globs.length > 0 ? workspacePackages(index, globs, problems) : [];
  const rootKinds: ProjectKind[] = ["workspace-root"];
  // A single-package repository, or a workspace root that is the package it publishes, is judged
  // as a package too; an unusable manifest counts as a library.
  if ((globs.length === 0 && (rootManifest || rootProblem)) || publishedRoot(rootManifest)) {
    rootKinds.push(rootManifest ? classify(rootManifest) : "library");
  }
  const root: Project = {
    dir: "",
    name: rootManifest?.name ?? ".",
    kinds: rootKinds,
    role: "product",
    manifest: rootManifest,
    ...(rootProblem ? { manifestProblem: rootProblem } : {}),
  };
  return [root, ...packages];
}
