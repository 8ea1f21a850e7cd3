import { insideReader, isContained, readInsideBytes, realRoot } from "@paved/fs";
import type { Node as JsoncNode, ParseError } from "jsonc-parser";
import type { Schema as JsYamlSchema } from "js-yaml";
import { jsonc, jsYaml } from "../lazy.js";
import { globBase, globMatcher } from "./glob.js";
import type { GitListing } from "./git-listing.js";
import { listFiles } from "./list-files.js";
import { simpleYaml, yamlPathKey, type YamlLines } from "./simple-yaml.js";
import { maxLocatedDepth, yamlLines } from "./yaml-lines.js";

/** A file's text, or why it could not be read: the reason names the file. */
export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface IndexOptions {
  /** Files larger than this are not read (default 1 MiB). */
  maxFileBytes?: number;
  /** Stop indexing after this many files (default 200,000). */
  maxFiles?: number;
  /** The listing of `git ls-files` for this directory, when it was started earlier (the CLI does). */
  gitFiles?: GitListing;
}

/** Where file contents come from: the disk, or a map of path to text in tests. */
export interface FileSource {
  list(): { files: string[]; method: "git" | "walk" | "memory"; problems: string[] };
  read(path: string, maxBytes: number): Read<Buffer>;
}

export { isContained };

export function diskSource(root: string, maxFiles: number, gitFiles?: GitListing): FileSource {
  const resolved = realRoot(root);
  const readUtf8Named = insideReader(root, resolved);
  // Names git listed as bytes that are not UTF-8 are opened by those bytes.
  let raw: ReadonlyMap<string, Buffer> | undefined;
  return {
    list: () => {
      const listing = listFiles(root, maxFiles, gitFiles);
      raw = listing.raw;
      return listing;
    },
    read: (path, maxBytes) => {
      const bytes = raw?.get(path);
      return bytes === undefined
        ? readUtf8Named(path, maxBytes)
        : readInsideBytes(root, bytes, path, maxBytes, resolved);
    },
  };
}

export function memorySource(files: Record<string, string | Buffer>): FileSource {
  return {
    list: () => ({
      files: Object.keys(files)
        .filter((path) => !path.split("/").includes("node_modules"))
        .sort(),
      method: "memory",
      problems: [],
    }),
    read(path, maxBytes) {
      const content = files[path];
      if (content === undefined) return { ok: false, problem: `${path}: missing` };
      const buffer = typeof content === "string" ? Buffer.from(content) : content;
      if (buffer.length > maxBytes) {
        return {
          ok: false,
          problem: `${path}: ${String(buffer.length)} bytes, over the ${String(maxBytes)}-byte cap; not read`,
        };
      }
      return { ok: true, value: buffer };
    },
  };
}

/** The entries of a sorted list of paths that lie under `dir` ("" for all): one contiguous run. */
export function sortedUnder(sorted: readonly string[], dir: string): readonly string[] {
  if (dir === "") return sorted;
  const prefix = `${dir}/`;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] ?? "") < prefix) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < sorted.length && sorted[end]?.startsWith(prefix)) end += 1;
  return sorted.slice(low, end);
}

/** What a strict JSON reader says about the usual slips, by jsonc-parser's error code. */
const strictReasons: Readonly<Record<number, string>> = {
  10: "a comment", // InvalidCommentToken
  3: "a trailing comma", // PropertyNameExpected
  4: "a trailing comma or a missing value", // ValueExpected
};

/**
 * A JSONC tree as plain values, every key an own property: jsonc-parser's own `parse` assigns
 * keys, so a `"__proto__"` key in a hostile tsconfig would set the object's prototype (as
 * `JSON.parse`, used for plain JSON, never does).
 */
function valueOf(node: JsoncNode): unknown {
  switch (node.type) {
    case "object": {
      const object: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key === undefined || value === undefined) continue;
        Object.defineProperty(object, String(key.value), {
          value: valueOf(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    case "array":
      return (node.children ?? []).map(valueOf);
    default:
      return node.value as unknown;
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Values an aliased YAML document may expand to; past it the file is hostile (a "billion laughs"). */
const maxExpandedNodes = 1_000_000;
/** Nesting the check follows, aliases included; a real document nests a few dozen levels. */
const maxAliasDepth = 5_000;

/**
 * Why a parsed YAML value cannot be read safely, if it cannot: an alias that contains itself (a
 * cycle), aliases of aliases that expand past `maxExpandedNodes` values, or nesting past
 * `maxAliasDepth`. Each object and array is visited once (its expanded size memoised), so the
 * check is linear in the parsed value.
 */
export function aliasProblem(value: unknown): string | undefined {
  const sizes = new WeakMap<object, number>();
  const open = new Set<object>();
  let problem: string | undefined;
  const size = (node: unknown, depth: number): number => {
    if (problem !== undefined || node === null || typeof node !== "object") return 1;
    if (depth > maxAliasDepth) {
      problem = `its YAML nests deeper than ${String(maxAliasDepth)} levels; the file is not read`;
      return 1;
    }
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) {
      problem = "a YAML alias contains itself (a cycle); the file is not read";
      return 1;
    }
    open.add(node);
    let total = 1;
    for (const child of Object.values(node)) {
      total += size(child, depth + 1);
      if (total > maxExpandedNodes) {
        problem ??= `its YAML aliases expand to more than ${String(maxExpandedNodes)} values; the file is not read`;
        break;
      }
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  size(value, 0);
  return problem;
}

/**
 * YAML 1.2's core schema with merge keys (`<<: *defaults`), which GitLab CI and CircleCI
 * configs use to share job settings: without them a job's merged keys (its image, its steps)
 * would be one key named `<<`. Built once, when the first file outside the fast reader's subset
 * is read.
 */
let merging: JsYamlSchema | undefined;
function mergingSchema(): JsYamlSchema {
  const { CORE_SCHEMA, Schema, mergeTag } = jsYaml();
  merging ??= new Schema([...CORE_SCHEMA.tags, mergeTag]);
  return merging;
}

/**
 * The audited repository, indexed once: its file list, and lazily read, cached contents and
 * parsed JSON/JSONC/YAML. Rules read only from here; nothing here executes repository code.
 */
export class RepoIndex {
  readonly files: readonly string[];
  readonly method: "git" | "walk" | "memory";
  /** Problems met while indexing, each naming its path. */
  readonly problems: readonly string[];
  private readonly fileSet: Set<string>;
  private readonly texts = new Map<string, Read<string>>();
  private readonly parsed = new Map<string, Read<unknown>>();
  /** Each glob compiled once: its matcher and the static base its matches are under. */
  private readonly globs = new Map<
    string,
    { match: (path: string) => boolean; base: string; isGlob: boolean }
  >();
  private readonly derived = new Map<string, unknown>();
  private readonly yamlLineMaps = new Map<string, YamlLines>();

  constructor(
    private readonly source: FileSource,
    private readonly maxFileBytes = 1024 * 1024,
  ) {
    const listing = source.list();
    // Sorted by UTF-16 code units, whatever the source did: filesUnder() relies on it.
    this.files = listing.files.sort();
    this.method = listing.method;
    this.problems = listing.problems;
    this.fileSet = new Set(listing.files);
  }

  has(path: string): boolean {
    return this.fileSet.has(path);
  }

  /**
   * The files under a directory ("" for all of them). The listing is sorted, so they are one
   * contiguous run of it, found by binary search instead of a scan per project.
   */
  filesUnder(dir: string): readonly string[] {
    return this.derive(`files-under:${dir}`, () => sortedUnder(this.files, dir));
  }

  /** Files matching a glob (picomatch syntax, `dot: true`). */
  glob(pattern: string): string[] {
    let compiled = this.globs.get(pattern);
    if (!compiled) {
      compiled = { match: globMatcher(pattern, { dot: true }), ...globBase(pattern) };
      this.globs.set(pattern, compiled);
    }
    const { match, base, isGlob } = compiled;
    if (!isGlob && !pattern.includes("\\")) return this.has(pattern) ? [pattern] : [];
    // Only the files under the pattern's static base can match: `.github/workflows/*.yml` looks
    // at one directory's files, not at the whole listing. `a/**` matches the file `a` too.
    const candidates = this.has(base) ? [base, ...this.filesUnder(base)] : this.filesUnder(base);
    return candidates.filter((path) => match(path));
  }

  /**
   * A value computed once per index and shared by every rule (a parsed config, the CI commands):
   * rules judge many projects, and must not redo the same work for each.
   */
  derive<T>(key: string, compute: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    this.derived.set(key, value);
    return value;
  }

  /** The first of `candidates` that exists. */
  first(candidates: readonly string[]): string | undefined {
    return candidates.find((path) => this.fileSet.has(path));
  }

  text(path: string): Read<string> {
    const cached = this.texts.get(path);
    if (cached) return cached;
    const result = this.readText(path);
    this.texts.set(path, result);
    return result;
  }

  private readText(path: string): Read<string> {
    // Installed packages are not in the file list (they are gitignored) but may be read, never run.
    if (!this.fileSet.has(path) && !path.split("/").includes("node_modules"))
      return { ok: false, problem: `${path}: missing` };
    const read = this.source.read(path, this.maxFileBytes);
    if (!read.ok) return read;
    const head = read.value.subarray(0, 8000);
    if (head.includes(0))
      return { ok: false, problem: `${path}: a binary file where text was expected; not read` };
    return { ok: true, value: read.value.toString("utf8").replace(/^\uFEFF/, "") };
  }

  /** JSON with comments and trailing commas allowed (tsconfig, VS Code, Renovate files). */
  json(path: string): Read<unknown> {
    return this.parse(path, "json", (text) => {
      // Most files are plain JSON: the native parser is several times faster than jsonc-parser,
      // which handles the rest (comments, trailing commas) and gives the line of an error.
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // fall through to the tolerant parser
      }
      const errors: ParseError[] = [];
      const { parseTree, printParseErrorCode } = jsonc();
      const tree = parseTree(text, errors, {
        allowTrailingComma: true,
        disallowComments: false,
      });
      const first = errors[0];
      if (first) {
        const line = lineOf(text, first.offset);
        throw new Error(
          `invalid JSON at line ${String(line)}: ${printParseErrorCode(first.error)}`,
        );
      }
      return tree === undefined ? undefined : valueOf(tree);
    });
  }

  /**
   * Strict JSON, as npm and Node read it: package.json with a comment or a trailing comma is
   * rejected by both, so it is no package.json here either. The problem names the line.
   */
  strictJson(path: string): Read<unknown> {
    return this.parse(path, "strict-json", (text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // jsonc-parser, told to allow nothing, finds the first error and its offset.
      }
      const errors: ParseError[] = [];
      const { parse, printParseErrorCode } = jsonc();
      parse(text, errors, { allowTrailingComma: false, disallowComments: true });
      const first = errors[0];
      const line = first ? ` at line ${String(lineOf(text, first.offset))}` : "";
      const why = first ? (strictReasons[first.error] ?? printParseErrorCode(first.error)) : "";
      throw new Error(
        `not valid JSON${line}${why ? ` (${why})` : ""}: npm and Node reject it; write it as plain JSON`,
      );
    });
  }

  /** YAML 1.2 with the core schema: no custom tags, aliases shared rather than expanded. */
  yaml(path: string): Read<unknown> {
    return this.parse(path, "yaml", (text) => {
      // Most pipelines and configs are in the subset the fast reader handles; it declines the rest.
      const lines: YamlLines = new Map();
      const quick = simpleYaml(text, lines);
      if (quick !== undefined) {
        this.yamlLineMaps.set(path, lines);
        return quick;
      }
      let value: unknown;
      try {
        value = jsYaml().load(text, { json: true, filename: path, schema: mergingSchema() });
      } catch (error) {
        const mark = (error as { mark?: { line?: number } }).mark;
        const reason =
          (error as { reason?: string }).reason ??
          (error instanceof Error ? error.message : String(error));
        throw new Error(
          `invalid YAML${mark?.line === undefined ? "" : ` at line ${String(mark.line + 1)}`}: ${reason}`,
          { cause: error },
        );
      }
      // Aliases share one value: one that contains itself, or that expands to a huge tree,
      // would make every reader that walks the value loop or run for ever.
      const problem = aliasProblem(value);
      if (problem !== undefined) throw new Error(problem);
      return value;
    });
  }

  /**
   * The 1-based line of a node of a YAML file, by its path (`["jobs", "test", "steps", 1]`);
   * a path with no line of its own (inside a one-line flow collection) gets its nearest
   * ancestor's. Lines come from the fast reader's parse, else from the `yaml` library's tree,
   * built only when a line of such a file is asked for.
   */
  yamlLine(path: string, at: readonly (string | number)[]): number | undefined {
    let lines = this.yamlLineMaps.get(path);
    if (lines === undefined) {
      if (!this.yaml(path).ok) return undefined;
      lines = this.yamlLineMaps.get(path);
      if (lines === undefined) {
        const text = this.text(path);
        lines = text.ok ? yamlLines(text.value) : new Map<string, number>();
        this.yamlLineMaps.set(path, lines);
      }
    }
    // No path deeper than the readers' nesting limit has a line of its own: start below it, so
    // that a hostile path (aliases make a document contain itself) costs no more than a real one.
    for (let depth = Math.min(at.length, maxLocatedDepth); depth > 0; depth -= 1) {
      const line = lines.get(yamlPathKey(at.slice(0, depth)));
      if (line !== undefined) return line;
    }
    return undefined;
  }

  private parse(path: string, kind: string, parser: (text: string) => unknown): Read<unknown> {
    const key = `${kind}:${path}`;
    const cached = this.parsed.get(key);
    if (cached) return cached;
    const text = this.text(path);
    let result: Read<unknown>;
    if (!text.ok) {
      result = text;
    } else {
      try {
        result = { ok: true, value: parser(text.value) };
      } catch (error) {
        result = {
          ok: false,
          problem: `${path}: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    this.parsed.set(key, result);
    return result;
  }
}

export function indexDirectory(root: string, options: IndexOptions = {}): RepoIndex {
  return new RepoIndex(
    diskSource(root, options.maxFiles ?? 200_000, options.gitFiles),
    options.maxFileBytes,
  );
}

export function indexMemory(
  files: Record<string, string | Buffer>,
  options: IndexOptions = {},
): RepoIndex {
  return new RepoIndex(memorySource(files), options.maxFileBytes);
}
