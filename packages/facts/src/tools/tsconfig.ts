import type { RepoIndex } from "../repo/repo-index.js";
import { isRecord } from "../record.js";
import { segmentsOf } from "../commands.js";
import { findUp, inProject, type Project } from "../project.js";

/**
 * The project's own tsconfig.json, else the config its own scripts give tsc (`tsc -p ./src`
 * compiles with src/tsconfig.json), else the nearest tsconfig.json above it.
 */
export function nearestTsconfig(index: RepoIndex, project: Project): string | undefined {
  const own = inProject(project, "tsconfig.json");
  if (index.has(own)) return own;
  return scriptTsconfig(index, project) ?? findUp(index, project, ["tsconfig.json"]);
}

/** tsc's options that name the config to compile with: a file, or a directory holding one. */
const projectFlags = new Set(["-p", "--project", "-b", "--build"]);

/** `dir/./a/../b` as a path of the repository (`dir/b`); undefined above its root. */
function repositoryPath(dir: string, relative: string): string | undefined {
  const parts: string[] = dir === "" ? [] : dir.split("/");
  for (const part of relative.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") parts.push(part);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.join("/");
}

/**
 * The config the project's own scripts pass to tsc or vue-tsc (`-p`, `--project`, `-b`,
 * `--build`, with a space or `=`): the first, in the scripts' order, that the listing has.
 */
function scriptTsconfig(index: RepoIndex, project: Project): string | undefined {
  const scripts: unknown = project.manifest?.scripts;
  if (!isRecord(scripts)) return undefined;
  for (const script of Object.values(scripts)) {
    if (typeof script !== "string" || !script.includes("tsc")) continue;
    for (const segment of segmentsOf(script)) {
      const words = segment.trim().split(/\s+/);
      const at = words.findIndex((word) => /^(?:.*\/)?(?:vue-)?tsc$/.test(word));
      for (let i = at === -1 ? words.length : at + 1; i < words.length; i += 1) {
        const [flag = "", inline] = (words[i] ?? "").split("=", 2);
        if (!projectFlags.has(flag)) continue;
        const value = (inline ?? words[i + 1] ?? "").replace(/^["']|["']$/g, "");
        const path = value === "" ? undefined : repositoryPath(project.dir, value);
        if (path === undefined || path === "") continue;
        if (path.endsWith(".json") && index.has(path)) return path;
        if (index.has(`${path}/tsconfig.json`)) return `${path}/tsconfig.json`;
      }
    }
  }
  return undefined;
}

export type CompilerOptions = Record<string, unknown>;

export type Effective =
  | { ok: true; options: CompilerOptions; chain: string[] }
  | { ok: false; problem: string; chain: string[] };

/** Well-known presets, for when they are not installed: only the options the rules judge. */
const knownPresets: Record<string, CompilerOptions> = {
  "@tsconfig/strictest": {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitOverride: true,
    noPropertyAccessFromIndexSignature: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
  },
  "@tsconfig/recommended": { strict: true },
};
for (const version of ["18", "20", "22", "24", "lts"])
  knownPresets[`@tsconfig/node${version}`] = { strict: true };
// Google's gts (`gts init` writes `"extends": "./node_modules/gts/tsconfig-google.json"`).
knownPresets["gts/tsconfig-google.json"] = {
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
};
// Paved's own presets set every flag (packages/tsconfig, tested there with the real tsc).
for (const preset of ["base", "node", "library"]) {
  knownPresets[`@paved/tsconfig/${preset}`] = { ...knownPresets["@tsconfig/strictest"] };
  knownPresets[`@paved/tsconfig/${preset}.json`] = { ...knownPresets["@tsconfig/strictest"] };
}

const dirname = (path: string): string =>
  path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

/** Resolves an `extends` entry to a file path in the index (or installed), or a known preset. */
function resolveExtends(
  index: RepoIndex,
  from: string,
  spec: string,
): { path: string } | { known: CompilerOptions } | undefined {
  if (spec.startsWith(".") || spec.startsWith("/")) {
    const base = normalize(`${dirname(from)}/${spec}`);
    for (const candidate of [base, `${base}.json`, `${base}/tsconfig.json`])
      if (index.text(candidate).ok) return { path: candidate };
    // A path into an uninstalled package (`./node_modules/gts/tsconfig-google.json`) is that
    // package's config: a well-known one is known without the install.
    const installed = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+\/.+)$/.exec(base)?.[1];
    const known = installed === undefined ? undefined : knownPresets[installed];
    return known ? { known } : undefined;
  }
  const [scopeOrName = "", maybeName = ""] = spec.split("/");
  const name = spec.startsWith("@") ? `${scopeOrName}/${maybeName}` : scopeOrName;
  const subpath = spec.slice(name.length + 1);
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const packageDir = normalize(`${dir}/node_modules/${name}`);
    const manifest = index.strictJson(`${packageDir}/package.json`);
    if (manifest.ok && isRecord(manifest.value)) {
      const exportsField = manifest.value["exports"];
      const entry = isRecord(exportsField)
        ? exportsField[subpath === "" ? "." : `./${subpath}`]
        : undefined;
      const target =
        typeof entry === "string"
          ? entry
          : isRecord(entry) && typeof entry["default"] === "string"
            ? entry["default"]
            : undefined;
      const candidates = target
        ? [normalize(`${packageDir}/${target}`)]
        : subpath === ""
          ? [`${packageDir}/tsconfig.json`]
          : [`${packageDir}/${subpath}`, `${packageDir}/${subpath}.json`];
      for (const candidate of candidates) if (index.text(candidate).ok) return { path: candidate };
    }
    if (dir === "") break;
  }
  const known =
    knownPresets[spec] ?? knownPresets[name] ?? knownPresets[spec.replace(/\/tsconfig\.json$/, "")];
  return known ? { known } : undefined;
}

/** `extends` chains deeper than this are not followed (tsc itself would take them, slowly). */
export const maxExtendsDepth = 64;

/**
 * The compiler options a tsconfig ends up with, following its `extends` chain statically. Each
 * file is resolved once per index, however many configs extend it: a diamond of `extends`
 * (each file extending the next twice) is linear, not exponential. The chain is the deepest
 * path of files from `path` down.
 */
export function effectiveOptions(index: RepoIndex, path: string): Effective {
  return resolveOptions(index, path, []);
}

function resolveOptions(index: RepoIndex, path: string, stack: readonly string[]): Effective {
  if (stack.includes(path)) {
    const loop = [...stack.slice(stack.indexOf(path)), path].join(" → ");
    return {
      ok: false,
      problem: `${path}: an extends loop (${loop}); break the loop`,
      chain: [path],
    };
  }
  if (stack.length >= maxExtendsDepth) {
    const problem = `${path}: reached through an extends chain deeper than ${String(maxExtendsDepth)} files; not followed`;
    return { ok: false, problem, chain: [path] };
  }
  // Each index's resolved configs, by path: rules judge many projects that share a base.
  const resolved = index.derive("tsconfig-effective", () => new Map<string, Effective>());
  const cached = resolved.get(path);
  if (cached) return cached;
  // Kept whatever it is: a file that met a loop is on one or reaches one from any way in, and a
  // result left out would make a diamond of extends around a loop exponential again.
  const result = ownOptions(index, path, [...stack, path]);
  resolved.set(path, result);
  return result;
}

/** One config's options over those of what it extends, in order. */
function ownOptions(index: RepoIndex, path: string, stack: readonly string[]): Effective {
  const read = index.json(path);
  if (!read.ok) return { ok: false, problem: read.problem, chain: [path] };
  if (!isRecord(read.value))
    return { ok: false, problem: `${path}: not a JSON object`, chain: [path] };
  const own = isRecord(read.value["compilerOptions"]) ? read.value["compilerOptions"] : {};
  const extendsField = read.value["extends"];
  const specs =
    typeof extendsField === "string"
      ? [extendsField]
      : Array.isArray(extendsField)
        ? extendsField.filter((item) => typeof item === "string")
        : [];
  let options: CompilerOptions = {};
  let deepest: string[] = [];
  for (const spec of specs) {
    const resolved = resolveExtends(index, path, spec);
    if (!resolved) {
      return {
        ok: false,
        problem: `${path}: extends "${spec}", which is neither in the repository nor installed; install dependencies and audit again`,
        chain: [path],
      };
    }
    if ("known" in resolved) {
      options = { ...options, ...resolved.known };
      continue;
    }
    const parent = resolveOptions(index, resolved.path, stack);
    if (!parent.ok) return { ...parent, chain: [path, ...parent.chain] };
    options = { ...options, ...parent.options };
    deepest = parent.chain;
  }
  return { ok: true, options: { ...options, ...own }, chain: [path, ...deepest] };
}

/** The strictness flags the road asks for beyond `strict`. */
export const strictFlags = [
  "noUncheckedIndexedAccess",
  "exactOptionalPropertyTypes",
  "noImplicitOverride",
  "noPropertyAccessFromIndexSignature",
  "noImplicitReturns",
  "noFallthroughCasesInSwitch",
] as const;

/**
 * The configs that really compile a project: a solution-style tsconfig.json (`"files": []` with
 * `references`, as create-vite writes) compiles nothing itself, so its references are judged.
 */
export function compilingConfigs(index: RepoIndex, tsconfig: string): string[] {
  const read = index.json(tsconfig);
  if (!read.ok || !isRecord(read.value)) return [tsconfig];
  const { files, include, references } = read.value;
  const solution =
    Array.isArray(files) &&
    files.length === 0 &&
    include === undefined &&
    Array.isArray(references);
  if (!solution) return [tsconfig];
  const base = dirname(tsconfig);
  const found = (references as unknown[])
    .map((reference) =>
      isRecord(reference) && typeof reference["path"] === "string" ? reference["path"] : undefined,
    )
    .filter((path): path is string => path !== undefined)
    .map((path) => normalize(`${base}/${path}`))
    .map((path) => (path.endsWith(".json") ? path : `${path}/tsconfig.json`))
    .filter((path) => index.has(path));
  return found.length > 0 ? found : [tsconfig];
}
