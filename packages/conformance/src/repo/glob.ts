import type Picomatch from "picomatch";
import { picomatch } from "../lazy.js";

/**
 * Glob matching with picomatch's semantics. The globs repositories write most — literal names,
 * `*` within a segment, `**` as a whole segment — compile here into one regular expression;
 * anything else (braces, classes, extglobs, negation, escapes) goes to picomatch, which then
 * loads. A differential test holds the two to the same answers.
 */
export interface GlobOptions {
  /** Let wildcards match names that start with a dot (picomatch's `dot`). */
  dot?: boolean;
}

/** Characters a simple glob is made of; `*` is the only special one among them. */
const simpleCharacters = /^[A-Za-z0-9._@+~*/-]+$/;

/** The regular expression for a simple glob, or undefined if the glob is not simple. */
function simpleGlob(pattern: string, dot: boolean): RegExp | undefined {
  // picomatch's own turns, left to it: `.*` needs a character after the dot, and `**/**`.
  if (!simpleCharacters.test(pattern) || pattern.includes("**/**") || pattern.includes(".*")) {
    return undefined;
  }
  const segments = pattern.split("/");
  // One path segment; without `dot`, a wildcard never matches a name starting with a dot.
  const segment = dot ? "[^/]+" : "(?!\\.)[^/]+";
  let source = "";
  let slash = false;
  for (const [i, part] of segments.entries()) {
    if (part === "" || part === "." || part === "..") return undefined;
    if (part === "**") {
      const last = i === segments.length - 1;
      // `a/**` matches `a` itself too, but `*/**` does not match `a`: picomatch's turn again.
      if (last && i > 0 && (segments[i - 1] ?? "").includes("*")) return undefined;
      if (last) source += i === 0 ? `${segment}(?:/${segment})*` : `(?:/${segment})*`;
      else source += `${slash ? "/" : ""}(?:${segment}/)*`;
      slash = false;
      continue;
    }
    if (part.includes("**")) return undefined;
    const body = part
      .split("*")
      .map((literal) => literal.replace(/[.+]/g, "\\$&"))
      .join("[^/]*");
    source += `${slash ? "/" : ""}${!dot && part.startsWith("*") ? "(?!\\.)" : ""}${body}`;
    slash = true;
  }
  return new RegExp(`^${source}$`);
}

/** Whether a glob is in the subset compiled here (without picomatch). */
export const isSimpleGlob = (pattern: string): boolean => simpleGlob(pattern, true) !== undefined;

/** A matcher for one glob or any of several (an empty list matches nothing). */
export function globMatcher(
  patterns: string | readonly string[],
  options: GlobOptions = {},
): (path: string) => boolean {
  const list = typeof patterns === "string" ? [patterns] : patterns;
  const dot = options.dot ?? false;
  const simple = list.map((pattern) => simpleGlob(pattern, dot));
  // picomatch compiles (and rejects what it cannot) at once, as it does when called directly.
  if (simple.some((regex) => regex === undefined)) return picomatch()([...list], { dot });
  let full: Picomatch.Matcher | undefined;
  // A name with a line break in it (git lists `Icon\r` as it is) meets picomatch's `.` and
  // `(?=.)`, which do not match line breaks: picomatch answers for those.
  return (path) =>
    lineBreak.test(path)
      ? (full ??= picomatch()([...list], { dot }))(path)
      : simple.some((regex) => regex?.test(path) === true);
}

const lineBreak = /[\n\r\u2028\u2029]/;

/**
 * Where a glob's matches can be: the directory before its first wildcard (`base`), and whether
 * it has a wildcard at all (picomatch's `scan`).
 */
export function globBase(pattern: string): { base: string; isGlob: boolean } {
  if (simpleGlob(pattern, true) === undefined) {
    const { base, isGlob } = picomatch().scan(pattern);
    return { base, isGlob };
  }
  if (!pattern.includes("*")) return { base: pattern, isGlob: false };
  const segments = pattern.split("/");
  const first = segments.findIndex((part) => part.includes("*"));
  return { base: segments.slice(0, first).join("/"), isGlob: true };
}
