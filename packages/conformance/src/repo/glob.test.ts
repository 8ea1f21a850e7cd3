import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { globBase, globMatcher, isSimpleGlob } from "./glob.js";

/** Path segments as git lists them: never empty, never `.` or `..`; dotfiles included. */
const segment = fc.oneof(
  fc.constantFrom("a", "b", "ab", ".a", "..a", "a.ts", ".x.ts", "a+b", "a-b", "A", "@s", "~"),
  fc.stringMatching(/^[ab.]{1,3}$/).filter((name) => name !== "." && name !== ".."),
  // git lists names with line breaks as they are (macOS's `Icon\r`).
  fc.constantFrom("Icon\r", "\nb", "a\nb", "a\u2028"),
);
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));

/** Globs from the simple subset and around it (braces, classes, `?`, escapes, negation). */
const globPart = fc.oneof(
  { weight: 6, arbitrary: segment },
  { weight: 4, arbitrary: fc.constantFrom("*", "**", "*.ts", "a*", "*b", "a*b", ".*", "*.*") },
  { weight: 1, arbitrary: fc.constantFrom("{a,b}", "[ab]", "?", "a?", "!(a)", "\\*", "a**", "") },
);
const glob = fc.array(globPart, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
const nonEmptyGlob = glob.filter((pattern) => pattern !== "");

describe("globMatcher and globBase agree with picomatch", () => {
  it("on generated globs and paths, with and without dot", () => {
    fc.assert(
      fc.property(glob, fc.array(path, { maxLength: 8 }), fc.boolean(), (pattern, paths, dot) => {
        if (pattern === "") {
          // picomatch refuses an empty glob, and so does the matcher.
          expect(() => globMatcher(pattern, { dot })).toThrow();
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

  it("on lists of globs, as workspaces declare them", () => {
    fc.assert(
      fc.property(
        fc.array(nonEmptyGlob, { maxLength: 3 }),
        fc.array(path, { maxLength: 8 }),
        (list, paths) => {
          const ours = globMatcher(list);
          const theirs = picomatch(list);
          for (const candidate of paths)
            expect(ours(candidate), `${list.join(", ")} on ${candidate}`).toBe(theirs(candidate));
        },
      ),
      { numRuns: 2000 },
    );
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
    expect(globMatcher("**")("docs/Icon\r")).toBe(false);
    // These take the fast path; the rest go to picomatch.
    for (const simple of ["packages/*", ".github/workflows/*.yml", "**/tsconfig.json", "apps/**"])
      expect(isSimpleGlob(simple), simple).toBe(true);
    for (const other of ["{a,b}/*", "src/[ab].ts", "!packages/x", ".eslintrc.*", "*/**"])
      expect(isSimpleGlob(other), other).toBe(false);
  });
});
