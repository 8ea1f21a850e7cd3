import { isRecord } from "../record.js";
import { compileUntrustedGlob } from "../repo/glob.js";

/** The files TypeScript compiles by default: `.ts`, `.tsx`, `.mts`, `.cts` (declarations too). */
export const typeScriptFile = /\.(?:ts|tsx|mts|cts)$/;

/** What a tsconfig takes in, with its paths relative to the repository. */
interface FileSpec {
  files: string[] | undefined;
  include: string[] | undefined;
  exclude: string[] | undefined;
  outDir: string | undefined;
  references: string[];
}

/** The longest chain of `extends` followed: a loop or a deeper chain is cut there. */
const maxExtends = 16;

const dirname = (path: string): string =>
  path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";

/** `base/relative` normalised (`./`, `..`, doubled and trailing slashes). */
function join(base: string, relative: string): string {
  const parts: string[] = [];
  for (const part of `${base}/${relative}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : undefined;

/**
 * A tsconfig's `files`, `include`, `exclude`, `outDir` and `references`, each as TypeScript
 * reads it: set in the file itself or inherited through `extends` (relative ones; a package's
 * preset sets none of these; of several, the last that sets a key wins), and relative to the
 * config that sets it. Each config is read once (`memo`), a loop of `extends` is cut where it
 * closes, and a chain deeper than `maxExtends` is cut there: a hostile repository's configs
 * extending each other many times over cost one read each.
 */
function specOf(
  readJson: (path: string) => unknown,
  path: string,
  memo: Map<string, FileSpec>,
  depth = 0,
): FileSpec {
  const known = memo.get(path);
  if (known !== undefined) return known;
  // While this config is being read, a loop back to it reads as a config that sets nothing.
  memo.set(path, {
    files: undefined,
    include: undefined,
    exclude: undefined,
    outDir: undefined,
    references: [],
  });
  const config = readJson(path);
  const own = isRecord(config) ? config : {};
  const dir = dirname(path);
  const extended = typeof own["extends"] === "string" ? [own["extends"]] : strings(own["extends"]);
  const parents =
    depth >= maxExtends
      ? []
      : (extended ?? [])
          .filter((entry) => entry.startsWith("."))
          .map((entry) => join(dir, entry.endsWith(".json") ? entry : `${entry}.json`))
          .map((parent) => specOf(readJson, parent, memo, depth + 1));
  const inherited = <K extends "files" | "include" | "exclude" | "outDir">(key: K) =>
    parents.map((parent) => parent[key]).findLast((value) => value !== undefined);
  const paths = (key: string): string[] | undefined =>
    strings(own[key])?.map((entry) => join(dir, entry));
  const options = isRecord(own["compilerOptions"]) ? own["compilerOptions"] : {};
  const outDir = typeof options["outDir"] === "string" ? join(dir, options["outDir"]) : undefined;
  const references = Array.isArray(own["references"]) ? (own["references"] as unknown[]) : [];
  const spec: FileSpec = {
    files: paths("files") ?? inherited("files"),
    include: paths("include") ?? inherited("include"),
    exclude: paths("exclude") ?? inherited("exclude"),
    outDir: outDir ?? inherited("outDir"),
    references: references.flatMap((reference) => {
      const at = isRecord(reference) ? reference["path"] : undefined;
      if (typeof at !== "string") return [];
      const target = join(dir, at);
      return [target.endsWith(".json") ? target : `${target}/tsconfig.json`];
    }),
  };
  memo.set(path, spec);
  return spec;
}

/**
 * A pattern of `include` or `exclude` as a glob: one whose last part has no wildcard and no
 * extension names a directory, and takes in everything under it.
 */
function specGlob(pattern: string): string {
  const last = pattern.slice(pattern.lastIndexOf("/") + 1);
  return /[*?]/.test(last) || last.includes(".") ? pattern : `${pattern}/**/*`;
}

/** A matcher for a list of `include`/`exclude` patterns (the linear-time glob engine). */
function matcher(patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.flatMap((pattern) => {
    const glob = compileUntrustedGlob(pattern === "" ? "**/*" : specGlob(pattern), { dot: true });
    return "match" in glob ? [glob] : [];
  });
  return (path) => compiled.some((glob) => glob.match(path));
}

/**
 * Whether a tsconfig takes a file in: `files`, else `include` (by default everything under
 * it), less `exclude` (by default node_modules and the like, and `outDir`); its matchers
 * compiled once.
 */
function inclusion(spec: FileSpec, dir: string): (file: string) => boolean {
  const include = matcher(spec.include ?? (spec.files === undefined ? [join(dir, "**/*")] : []));
  const exclude = matcher(
    spec.exclude ?? [
      ...["node_modules", "bower_components", "jspm_packages"].map((name) => join(dir, name)),
      ...(spec.outDir === undefined ? [] : [spec.outDir]),
    ],
  );
  const listed = new Set(spec.files);
  return (file) =>
    listed.has(file) ||
    (include(file) && !exclude(file) && !file.split("/").includes("node_modules"));
}

/**
 * The TypeScript files under `dir` that no tsconfig.json includes, as typescript-eslint's
 * project service looks for one: each tsconfig.json from the file's directory up to the root
 * (TypeScript 5.6 and later search past the nearest) and the configs a solution config
 * references. Such a file is a parsing error for type-aware linting unless it is given the
 * default project. `files` is the listing (planned files too), `readJson` a tsconfig's value.
 */
export function typeScriptOutsideConfigs(
  files: readonly string[],
  readJson: (path: string) => unknown,
  dir = "",
  skip: (path: string) => boolean = () => false,
): string[] {
  const listed = new Set(files);
  const specs = new Map<string, FileSpec>();
  const configs = new Map<string, { takesIn: (file: string) => boolean; references: string[] }>();
  const config = (path: string) => {
    let found = configs.get(path);
    if (found === undefined) {
      const spec = specOf(readJson, path, specs);
      found = { takesIn: inclusion(spec, dirname(path)), references: spec.references };
      configs.set(path, found);
    }
    return found;
  };
  // A config and the ones it references, each looked at once per file (references can loop).
  const covers = (path: string, file: string, seen = new Set<string>()): boolean => {
    if (seen.has(path)) return false;
    seen.add(path);
    const read = config(path);
    return (
      read.takesIn(file) ||
      read.references.some((reference) => listed.has(reference) && covers(reference, file, seen))
    );
  };
  const under = dir === "" ? "" : `${dir}/`;
  return files.filter((file) => {
    if (!file.startsWith(under) || !typeScriptFile.test(file) || skip(file)) return false;
    for (let at = dirname(file); ; at = dirname(at)) {
      const nearest = at === "" ? "tsconfig.json" : `${at}/tsconfig.json`;
      if (listed.has(nearest) && covers(nearest, file)) return false;
      if (at === "") return true;
    }
  });
}
