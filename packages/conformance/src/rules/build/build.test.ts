import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import exportsMap from "./exports-map.js";

const lib = (fields: Record<string, unknown>) => ({
  "package.json": manifest({ name: "lib", ...fields }),
});

describe("build/exports-map", () => {
  it("passes a well-formed map, including subpath-only presets", () => {
    expect(
      outcomes(
        exportsMap,
        lib({ exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } } }),
      ),
    ).toEqual(["pass"]);
    expect(outcomes(exportsMap, lib({ exports: { "./node": "./node.json" } }))).toEqual(["pass"]);
  });

  it("names each problem of a malformed map", () => {
    const [verdict] =
      runRule(
        exportsMap,
        lib({
          exports: {
            ".": { default: "./dist/index.js", types: "./dist/index.d.ts" },
            "./x": "dist/x.js",
            "./y": "./../y.js",
          },
        }),
      ).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.message).toContain('"types" must come first');
    expect(verdict?.message).toContain('"default" must come last');
    expect(verdict?.message).toContain('must start with "./"');
    expect(verdict?.message).toContain("leaves the package");
  });

  it("fails a published package without exports, and skips private ones", () => {
    expect(outcomes(exportsMap, lib({ main: "index.js" }))).toEqual(["fail"]);
    expect(outcomes(exportsMap, lib({ private: true }))).toEqual(["not-applicable"]);
  });
});
