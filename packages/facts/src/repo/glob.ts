import type { RE2JS } from "re2js";
import { picomatch, re2 } from "../lazy.js";

/**
 * Glob matching in linear time, with picomatch's syntax and (for what both support) its
 * answers: audited repositories write the globs, and a backtracking engine lets a 74-byte
 * extglob spin for minutes on one long name. Two engines, neither of which backtracks:
 *
 * - the globs repositories write most (literal names, at most one `*` in a segment, at most one
 *   `**` segment) compile into one JS RegExp. Such an expression has no nested quantifiers and
 *   no two unbounded pieces that compete for the same characters (a `*` cannot cross a `/`), so
 *   V8 matches it in linear time; it is about 8x faster than RE2 here, which the audit of a big
 *   checkout notices. Two `*` in one segment (`a*b*c`) would compete, and go to RE2.
 * - everything else (braces, classes, `?`, extglobs, escapes, several `*`) is matched segment by
 *   segment: each segment of the glob compiles into an RE2 expression (re2js, linear time), and
 *   `**` is a dynamic programme over the path's segments (glob segments x path segments).
 *
 * What RE2 cannot express is refused with a `GlobError` (the caller reports the glob as not
 * evaluated): `!(…)` needs a lookahead, and `/` inside a class or an extglob crosses segments.
 * Brace expansion is capped, as is a glob's length. Line breaks in names (git lists `Icon\r`
 * as it is) are ordinary characters, as in git; picomatch's `.` does not match them. So are
 * `(`, `)` and `|` outside extglobs, which picomatch passes into its RegExp (`a(b)` matches `ab`);
 * and a `*` may match nothing after a dot (`*.*` matches `a.`), where picomatch is inconsistent.
 */
export interface GlobOptions {
  /** Let wildcards match names that start with a dot (picomatch's `dot`). */
  dot?: boolean;
}

/** A glob that cannot be matched in linear time or over its budget: report it, do not match it. */
export class GlobError extends Error {}

/** Longer globs are refused: no one writes them by hand, and each one costs its length per path. */
export const maxGlobLength = 1000;
/** Braces expand to at most this many globs (`{a,b}{c,d}` is four). */
export const maxBraceExpansion = 256;

/** Characters a simple glob is made of; `*` is the only special one among them. */
const simpleCharacters = /^[A-Za-z0-9._@+~*/-]+$/;

/** The regular expression for a simple glob, or undefined if the glob is not simple. */
function simpleGlob(pattern: string, dot: boolean): RegExp | undefined {
  // picomatch's own turns, left to the other engine: `.*` needs a character after the dot.
  if (!simpleCharacters.test(pattern) || pattern.includes(".*")) return undefined;
  const segments = pattern.split("/");
  // Linear time needs at most one unbounded piece per segment and one `**` (see above).
  if (segments.filter((part) => part === "**").length > 1) return undefined;
  // One path segment; without `dot`, a wildcard never matches a name starting with a dot.
  const segment = dot ? "[^/]+" : "(?!\\.)[^/]+";
  let source = "";
  let slash = false;
  for (const [i, part] of segments.entries()) {
    if (part === "" || part === "." || part === "..") return undefined;
    if (part === "**") {
      const last = i === segments.length - 1;
      // `a/**` matches `a` itself too, but `*/**` does not match `a`: the other engine's turn.
      if (last && i > 0 && (segments[i - 1] ?? "").includes("*")) return undefined;
      if (last) source += i === 0 ? `${segment}(?:/${segment})*` : `(?:/${segment})*`;
      else source += `${slash ? "/" : ""}(?:${segment}/)*`;
      slash = false;
      continue;
    }
    if (part.includes("**") || part.split("*").length > 2) return undefined;
    const body = part
      .split("*")
      .map((literal) => literal.replace(/[.+]/g, "\\$&"))
      .join("[^/]*");
    source += `${slash ? "/" : ""}${!dot && part.startsWith("*") ? "(?!\\.)" : ""}${body}`;
    slash = true;
  }
  return new RegExp(`^${source}$`);
}

/** Whether a glob is in the subset compiled into one JS RegExp. */
export const isSimpleGlob = (pattern: string): boolean => simpleGlob(pattern, true) !== undefined;

/** One glob segment: `**`, or an RE2 expression for one path segment. */
type Segment =
  | { kind: "globstar" }
  | {
      kind: "segment";
      regex: RE2JS;
      wildStart: boolean;
      endsWithStar: boolean;
    };

/** A glob split into segments, matched without backtracking. */
function segmentMatcher(segments: readonly Segment[], dot: boolean): (path: string) => boolean {
  // Consecutive `**` mean one.
  const globs = segments.filter(
    (part, i) => !(part.kind === "globstar" && segments[i - 1]?.kind === "globstar"),
  );
  const last = globs.length - 1;
  const previous = globs[last - 1];
  // picomatch: `a/**` and `*b/**` match `a` and `ab`, `*/**` and `a*/**` do not.
  const trailingOptional =
    globs[last]?.kind === "globstar" &&
    (previous === undefined || (previous.kind === "segment" && !previous.endsWithStar));
  const hidden = (name: string) => !dot && name.startsWith(".");
  return (path) => {
    const names = path.split("/");
    // reach[j]: the glob's segments so far match the path's first j names.
    let reach = Array.from({ length: names.length + 1 }, (_, j) => j === 0);
    for (const [i, part] of globs.entries()) {
      reach =
        part.kind === "globstar"
          ? globstarStep(reach, names, hidden, i === last && !(trailingOptional && i > 0))
          : reach.map(
              (_, j) =>
                j > 0 &&
                reach[j - 1] === true &&
                !(part.wildStart && hidden(names[j - 1] ?? "")) &&
                part.regex.matches(names[j - 1] ?? ""),
            );
    }
    return reach[names.length] === true;
  };
}

/** `**`: any run of visible names (at least one when `needsOne`), in one pass. */
function globstarStep(
  reach: readonly boolean[],
  names: readonly string[],
  hidden: (name: string) => boolean,
  needsOne: boolean,
): boolean[] {
  const next: boolean[] = [];
  let open = false;
  for (let j = 0; j < reach.length; j += 1) {
    next.push((!needsOne && reach[j] === true) || open);
    open = (open || reach[j] === true) && j < names.length && !hidden(names[j] ?? "");
  }
  return next;
}

/** Expands `{a,b}` and `{1..3}` (outside classes, unescaped); throws over the cap. */
function expandBraces(pattern: string): string[] {
  const open = findBrace(pattern);
  if (!open) return [pattern];
  const { start, end, options } = open;
  const out: string[] = [];
  for (const option of options) {
    for (const expanded of expandBraces(
      pattern.slice(0, start) + option + pattern.slice(end + 1),
    )) {
      out.push(expanded);
      if (out.length > maxBraceExpansion)
        throw new GlobError(`braces expand to more than ${String(maxBraceExpansion)} globs`);
    }
  }
  return out;
}

/** The first brace group that expands: its span and its alternatives. */
function findBrace(pattern: string): { start: number; end: number; options: string[] } | undefined {
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === "\\") i += 1;
    else if (char === "[") i = classEnd(pattern, i) ?? i;
    else if (char === "{") {
      const group = braceGroup(pattern, i);
      if (group) return group;
    }
  }
  return undefined;
}

function braceGroup(
  pattern: string,
  start: number,
): { start: number; end: number; options: string[] } | undefined {
  let depth = 0;
  const commas: number[] = [];
  for (let i = start; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === "\\") i += 1;
    else if (char === "{") depth += 1;
    else if (char === "," && depth === 1) commas.push(i);
    else if (char === "}" && --depth === 0) {
      const body = pattern.slice(start + 1, i);
      if (commas.length === 0) {
        const range = braceRange(body);
        return range ? { start, end: i, options: range } : undefined;
      }
      const bounds = [start, ...commas, i];
      const options = bounds.slice(1).map((at, k) => pattern.slice((bounds[k] ?? 0) + 1, at));
      return { start, end: i, options };
    }
  }
  return undefined;
}

/** `1..3` or `a..c`; undefined for anything else (the braces are then literal). */
function braceRange(body: string): string[] | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
  const alpha = /^([A-Za-z])\.\.([A-Za-z])$/.exec(body);
  if (!numeric && !alpha) return undefined;
  const from = numeric ? Number(numeric[1]) : (alpha?.[1] ?? "").charCodeAt(0);
  const to = numeric ? Number(numeric[2]) : (alpha?.[2] ?? "").charCodeAt(0);
  if (Math.abs(to - from) >= maxBraceExpansion)
    throw new GlobError(`braces expand to more than ${String(maxBraceExpansion)} globs`);
  const step = from <= to ? 1 : -1;
  const out: string[] = [];
  for (let n = from; n !== to + step; n += step)
    out.push(numeric ? String(n) : String.fromCharCode(n));
  return out;
}

/** The index of the `]` closing the class opened at `start`, or undefined if it is not a class. */
function classEnd(pattern: string, start: number): number | undefined {
  let i = start + 1;
  if (pattern[i] === "!" || pattern[i] === "^") i += 1;
  if (pattern[i] === "]") i += 1;
  for (; i < pattern.length; i += 1) {
    if (pattern[i] === "\\") i += 1;
    else if (pattern.startsWith("[:", i)) {
      const close = pattern.indexOf(":]", i + 2);
      if (close !== -1) i = close + 1;
    } else if (pattern[i] === "]") return i;
  }
  return undefined;
}

/** The RE2 source for one segment's worth of glob (no `/`); throws what RE2 cannot express. */
function segmentSource(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] ?? "";
    const next = glob[i + 1];
    if (char === "\\") {
      out += re2().RE2JS.quote(next ?? "\\");
      i += 1;
    } else if ("@?+*!".includes(char) && next === "(") {
      const close = parenEnd(glob, i + 1);
      if (close === undefined) {
        out += re2().RE2JS.quote(char);
        continue;
      }
      if (char === "!")
        throw new GlobError("`!(…)` cannot be matched in linear time (it needs a lookahead)");
      const body = splitAlternatives(glob.slice(i + 2, close))
        .map(segmentSource)
        .join("|");
      out += `(?:${body})${char === "@" ? "" : char}`;
      i = close;
    } else if (char === "*") {
      while (glob[i + 1] === "*") i += 1;
      out += "[^/]*";
    } else if (char === "?") out += "[^/]";
    else if (char === "[") {
      const close = classEnd(glob, i);
      if (close === undefined) out += "\\[";
      else {
        out += classSource(glob.slice(i + 1, close));
        i = close;
      }
    } else out += re2().RE2JS.quote(char);
  }
  return out;
}

/** A class's RE2 form: `[!…]` negates, and a class never matches `/`. */
function classSource(body: string): string {
  const negated = body.startsWith("!") || body.startsWith("^");
  const inner = (negated ? body.slice(1) : body).replace(/\\(.)/g, (_, c: string) =>
    /[A-Za-z0-9]/.test(c) ? c : `\\${c}`,
  );
  return negated ? `[^/${inner}]` : `[${inner}]`;
}

/** The index of the `)` closing the `(` at `start`. */
function parenEnd(glob: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < glob.length; i += 1) {
    if (glob[i] === "\\") i += 1;
    else if (glob[i] === "(") depth += 1;
    else if (glob[i] === ")" && --depth === 0) return i;
  }
  return undefined;
}

/** An extglob's alternatives, split on top-level `|`. */
function splitAlternatives(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i += 1) {
    if (body[i] === "\\") i += 1;
    else if (body[i] === "(") depth += 1;
    else if (body[i] === ")") depth -= 1;
    else if (body[i] === "|" && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** Splits on `/` outside classes and extglobs; a `/` inside one crosses segments: refused. */
function splitSegments(glob: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i];
    if (char === "\\") i += 1;
    else if (char === "[" || (char === "(" && i > 0 && "@?+*!".includes(glob[i - 1] ?? ""))) {
      const close = char === "[" ? classEnd(glob, i) : parenEnd(glob, i);
      if (close !== undefined && glob.slice(i, close).includes("/"))
        throw new GlobError("a `/` inside a class or an extglob is not supported");
      if (close !== undefined) i = close;
    } else if (char === "/") {
      out.push(glob.slice(from, i));
      from = i + 1;
    }
  }
  out.push(glob.slice(from));
  return out;
}

function compileSegments(glob: string): Segment[] {
  return splitSegments(glob.replace(/^(\.\/)+/, "")).map((part): Segment => {
    if (part === "**") return { kind: "globstar" };
    return {
      kind: "segment",
      regex: compileRe2(segmentSource(part)),
      // Extglobs and classes may match a leading dot (as in picomatch); `*` and `?` may not.
      wildStart: /^[*?](?!\()/.test(part),
      endsWithStar: part.endsWith("*"),
    };
  });
}

function compileRe2(source: string): RE2JS {
  try {
    return re2().RE2JS.compile(source);
  } catch (error) {
    throw new GlobError(`not a glob RE2 can match (${(error as Error).message})`);
  }
}

/** A compiled glob: its matcher, and how many globs its braces expand to (its cost per path). */
interface CompiledGlob {
  match: (path: string) => boolean;
  alternatives: number;
}

/** A matcher for one glob in linear time, or a `GlobError` saying why it cannot be matched. */
function compileGlob(pattern: string, dot: boolean): CompiledGlob {
  if (pattern === "") throw new GlobError("an empty glob matches nothing");
  if (pattern.length > maxGlobLength)
    throw new GlobError(`longer than ${String(maxGlobLength)} characters`);
  const simple = simpleGlob(pattern, dot);
  if (simple) return { match: (path) => simple.test(path), alternatives: 1 };
  // A leading `!` (not `!(`) negates the glob, as in picomatch.
  const negated = /^!(?!\()/.test(pattern);
  const body = negated ? pattern.slice(1) : pattern;
  if (body === "") throw new GlobError("an empty glob matches nothing");
  // Braces first: `*.{yml,yaml}` is two simple globs, and RE2 is not even loaded for them.
  const expanded = expandBraces(body);
  // An empty segment (`a//b`) matches no path git lists, yet picomatch lets `**//**` match an
  // empty one: refused with a reason rather than matched one way or the other.
  if (expanded.some((glob) => glob.slice(1, -1).includes("//")))
    throw new GlobError("an empty path segment (`//`); write a single `/`");
  const alternatives = expanded.map((glob): ((path: string) => boolean) => {
    const regex = simpleGlob(glob, dot);
    return regex ? (path) => regex.test(path) : segmentMatcher(compileSegments(glob), dot);
  });
  const matches = (path: string) => alternatives.some((match) => match(path));
  return {
    match: negated ? (path) => !matches(path) : matches,
    alternatives: alternatives.length,
  };
}

/**
 * A glob from the audited repository: its matcher and cost, or why it cannot be matched, in a
 * line for a report. Callers cap the total cost (`alternatives`) of a list of globs.
 */
export function compileUntrustedGlob(
  pattern: string,
  options: GlobOptions = {},
): CompiledGlob | { problem: string } {
  try {
    return compileGlob(pattern, options.dot ?? false);
  } catch (error) {
    if (error instanceof GlobError)
      return { problem: `glob "${displayGlob(pattern)}": ${error.message}` };
    throw error;
  }
}

/** Why a glob cannot be matched, in a line for a report, or undefined if it can. */
export function globProblem(pattern: string, options: GlobOptions = {}): string | undefined {
  const compiled = compileUntrustedGlob(pattern, options);
  return "problem" in compiled ? compiled.problem : undefined;
}

/** A glob as a report shows it: at most 80 characters, control characters escaped. */
function displayGlob(pattern: string): string {
  const shown = JSON.stringify(pattern).slice(1, -1);
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}

/** A matcher for one glob or any of several (an empty list matches nothing); throws `GlobError`. */
export function globMatcher(
  patterns: string | readonly string[],
  options: GlobOptions = {},
): (path: string) => boolean {
  const list = typeof patterns === "string" ? [patterns] : patterns;
  const dot = options.dot ?? false;
  const matchers = list.map((pattern) => compileGlob(pattern, dot).match);
  if (matchers.length === 1 && matchers[0]) return matchers[0];
  return (path) => matchers.some((match) => match(path));
}

/**
 * Where a glob's matches can be: the directory before its first wildcard (`base`), and whether
 * it has a wildcard at all (picomatch's `scan`, a linear scanner).
 */
export function globBase(pattern: string): { base: string; isGlob: boolean } {
  if (simpleGlob(pattern, true) === undefined) {
    if (bracedSimpleGlob(pattern)) return { base: baseBefore(pattern, /[*{]/), isGlob: true };
    const { base, isGlob } = picomatch().scan(pattern);
    return { base, isGlob };
  }
  if (!pattern.includes("*")) return { base: pattern, isGlob: false };
  return { base: baseBefore(pattern, /\*/), isGlob: true };
}

/** The directories of a glob before its first segment with a character of `special`. */
function baseBefore(pattern: string, special: RegExp): string {
  const segments = pattern.split("/");
  return segments
    .slice(
      0,
      segments.findIndex((part) => special.test(part)),
    )
    .join("/");
}

/**
 * Whether a glob is braces over the simple subset (`.github/workflows/*.{yml,yaml}`): it
 * expands to two or more simple globs. Its base is then found without loading picomatch.
 */
function bracedSimpleGlob(pattern: string): boolean {
  if (!/^[A-Za-z0-9._@+~*/{},-]+$/.test(pattern) || pattern.length > maxGlobLength) return false;
  try {
    const expanded = expandBraces(pattern);
    return expanded.length > 1 && expanded.every((glob) => simpleGlob(glob, true) !== undefined);
  } catch {
    return false;
  }
}
