import { describe, expect, it, vi } from "vitest";
import type * as Lazy from "../lazy.js";

// The lazy loaders, counted: what an audit's own globs load is part of its start-up time.
const loaded = vi.hoisted(() => ({ picomatch: 0, re2: 0 }));
vi.mock("../lazy.js", async (importActual) => {
  const actual = await importActual<typeof Lazy>();
  return {
    ...actual,
    picomatch: () => {
      loaded.picomatch += 1;
      return actual.picomatch();
    },
    re2: () => {
      loaded.re2 += 1;
      return actual.re2();
    },
  };
});

const { globBase, globMatcher } = await import("./glob.js");

describe("globs over the simple subset load neither picomatch nor RE2", () => {
  it("braces of simple globs: their base and their matcher", () => {
    expect(globBase(".github/workflows/*.{yml,yaml}")).toEqual({
      base: ".github/workflows",
      isGlob: true,
    });
    expect(globMatcher(".github/workflows/*.{yml,yaml}")(".github/workflows/ci.yaml")).toBe(true);
    expect(loaded).toEqual({ picomatch: 0, re2: 0 });
  });

  it("a class still takes picomatch's scanner for its base", () => {
    expect(globBase("a/[bc]/*.ts")).toEqual({ base: "a", isGlob: true });
    expect(loaded.picomatch).toBe(1);
  });
});
