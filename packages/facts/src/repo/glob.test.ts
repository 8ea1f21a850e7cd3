import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { GlobError, globBase, globMatcher, globProblem, isSimpleGlob } from "./glob.js";

/** Path segments as git lists them: never empty, never `.` or `..`; dotfiles included. */
const segment = fc.oneof(
  fc.constantFrom("a", "b", "ab", ".a", "..a", "a.ts", ".x.ts", "a+b", "a-b", "A", "@s", "~"),
  // Not ending with a dot: whether `*.*` matches `a.` depends on where picomatch sees it.
  fc.stringMatching(/^[ab.]{0,2}[ab]$/),
  // Not `(`, `)`, `|` or `[…]`: picomatch passes them to its RegExp (`a(b)` matches `ab`, a
  // top-level `|` splits the glob but only after a `/`, a lone `{` matches nothing); here they
  // are characters, as in git.
  fc.constantFrom("a b", "a,b", "a}"),
);
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));

/** Globs from the simple subset and around it (braces, classes, `?`, escapes, negation). */
const globPart = fc.oneof(
  { weight: 6, arbitrary: segment },
  { weight: 4, arbitrary: fc.constantFrom("*", "**", "*.ts", "a*", "*b", "a*b", ".*", "*.*") },
  { weight: 1, arbitrary: fc.constantFrom("{a,b}", "[ab]", "?", "a?", "!(a)", "\\*", "a**", "") },
  // Braces, ranges, classes and extglobs, which the RE2 engine matches. Not `[!…]`: picomatch
  // reads it as the characters `!` and `a`, git and bash as a negated class.
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "{a,{b,.a}}",
      "a{1..3}",
      "{a,}b",
      "[a-b]",
      "[^a]",
      "[.a]*",
      "@(a|b)",
      "+(a)",
      "*(a|.a)",
      "?(a)b",
      "+(a|b)*",
      "a*b*",
      "*a*",
      "*.*",
      "\\.a",
    ),
  },
);
const glob = fc.array(globPart, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
const nonEmptyGlob = glob.filter((pattern) => pattern !== "");

// A fixed seed: the line must not go red by chance. Counterexamples found with other seeds are
// fixed or recorded as known quirks (docs/audit.md), then this seed moves on.
fc.configureGlobal({ seed: 20261201 });

describe("globMatcher and globBase agree with picomatch", () => {
  it("on generated globs and paths, with and without dot", () => {
    fc.assert(
      fc.property(glob, fc.array(path, { maxLength: 8 }), fc.boolean(), (pattern, paths, dot) => {
        if (pattern === "") {
          // picomatch refuses an empty glob, and so does the matcher.
          expect(() => globMatcher(pattern, { dot })).toThrow();
          return;
        }
        // What RE2 cannot express is refused, never matched by a backtracking engine.
        // So is an empty segment in the middle (`a//b`), where picomatch has a quirk of its own.
        if (globProblem(pattern, { dot }) !== undefined) {
          expect(pattern.includes("!(") || /.\/\/./.test(pattern)).toBe(true);
          return;
        }
        const ours = globMatcher(pattern, { dot });
        const theirs = picomatch(pattern, { dot });
        for (const candidate of paths) {
          expect(ours(candidate), `${pattern} on ${candidate}, dot ${String(dot)}`).toBe(
            theirs(candidate),
          );
        }
        const { base, isGlob } = picomatch.scan(pattern);
        expect(globBase(pattern), pattern).toEqual({ base, isGlob });
      }),
      { numRuns: 5000 },
    );
  });

  it("finds the base of braces over the simple subset as picomatch's scan does", () => {
    // These are found without picomatch: an audit's own `.github/workflows/*.{yml,yaml}`
    // then loads neither it nor RE2.
    for (const pattern of [
      ".github/workflows/*.{yml,yaml}",
      "a/{b,c}/d",
      "{a,b}",
      "a/b{c,d}",
      "a/{b,b}",
      "a/{b,c}*",
      "a/{b,c}/**",
      "{a,b}/c/*.ts",
      "a/{b/c,d}/e",
      "a/{b,{c,.d}}/*.ts",
      "a/x{1..3}",
    ]) {
      const { base, isGlob } = picomatch.scan(pattern);
      expect(globBase(pattern), pattern).toEqual({ base, isGlob });
    }
  });

  it("on lists of globs, as workspaces declare them", () => {
    fc.assert(
      fc.property(
        fc.array(nonEmptyGlob, { maxLength: 3 }),
        fc.array(path, { maxLength: 8 }),
        (list, paths) => {
          if (list.some((pattern) => globProblem(pattern) !== undefined)) return;
          const ours = globMatcher(list);
          const theirs = picomatch(list);
          for (const candidate of paths)
            expect(ours(candidate), `${list.join(", ")} on ${candidate}`).toBe(theirs(candidate));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("refuses an empty segment in the middle, which picomatch matches oddly", () => {
    // picomatch: `*.*/**//**` matches `b.b`, while `a//b` does not match `a/b`.
    expect(globProblem("*.*/**//**")).toBe(
      'glob "*.*/**//**": an empty path segment (`//`); write a single `/`',
    );
    expect(globProblem("/docs/")).toBeUndefined();
  });

  it("matches the usual workspace and pipeline globs", () => {
    expect(globMatcher(["packages/*", "apps/*"])("packages/core")).toBe(true);
    expect(globMatcher(["packages/*"])("packages/core/src")).toBe(false);
    expect(globMatcher("packages/**")("packages/.hidden/x")).toBe(false);
    expect(globMatcher(".github/workflows/*.yml", { dot: true })(".github/workflows/ci.yml")).toBe(
      true,
    );
    expect(globMatcher("**/tsconfig.json", { dot: true })("tsconfig.json")).toBe(true);
    expect(globMatcher([])("anything")).toBe(false);
    // git lists names with line breaks as they are (macOS's `Icon\r`): ordinary characters here.
    expect(globMatcher("**")("docs/Icon\r")).toBe(true);
    expect(globMatcher("docs/{a,b}*")("docs/a\nb")).toBe(true);
    expect(globMatcher("[[:alpha:]]*.md")("README.md")).toBe(true);
    expect(globMatcher("src/[!a]*")("src/b")).toBe(true);
    expect(globMatcher("src/[!a]*")("src/a")).toBe(false);
    // These take the fast path; the rest go to picomatch.
    for (const simple of ["packages/*", ".github/workflows/*.yml", "**/tsconfig.json", "apps/**"])
      expect(isSimpleGlob(simple), simple).toBe(true);
    for (const other of ["{a,b}/*", "src/[ab].ts", "!packages/x", ".eslintrc.*", "a*b*", "**/a/**"])
      expect(isSimpleGlob(other), other).toBe(false);
  });
});

describe("globMatcher takes linear time", () => {
  const long = "a".repeat(5000);
  const timed = (match: (path: string) => boolean, path: string) => {
    const start = performance.now();
    const result = match(path);
    return { result, ms: performance.now() - start };
  };

  it("on the extglob that made picomatch spin (issue 12)", () => {
    const extglob = `packages/${"+(a)".repeat(12)}`;
    expect(extglob.length).toBe(57);
    const { result, ms } = timed(globMatcher(extglob), `packages/${long}b`);
    expect(result).toBe(false);
    expect(ms).toBeLessThan(500);
    expect(globMatcher(extglob)(`packages/${"a".repeat(12)}`)).toBe(true);
  });

  it("on many stars in a segment, which a JS RegExp backtracks over", () => {
    const { result, ms } = timed(globMatcher(`${"*a".repeat(8)}*b`), long);
    expect(result).toBe(false);
    expect(ms).toBeLessThan(500);
  });

  it("on many `**` segments against a deep path", () => {
    const deep = Array.from({ length: 1500 }, () => "a").join("/");
    const { result, ms } = timed(globMatcher("a/**/a/**/a/**/a/**/b"), deep);
    expect(result).toBe(false);
    expect(ms).toBeLessThan(500);
  });

  it("refuses what RE2 cannot express, with a reason, instead of backtracking", () => {
    expect(() => globMatcher("packages/!(a)")).toThrow(GlobError);
    expect(globProblem("packages/!(a)")).toMatch(/^glob "packages\/!\(a\)": .*lookahead/);
    expect(globProblem("{a,b}".repeat(9))).toMatch(/more than 256 globs/);
    expect(globProblem("{1..100000}")).toMatch(/more than 256 globs/);
    expect(globProblem("a".repeat(1001))).toMatch(/longer than 1000 characters/);
    expect(globProblem("[a/b]")).toMatch(/inside a class/);
    expect(globProblem("packages/*")).toBeUndefined();
  });
});
