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
    expect(verdict?.message).toContain(
      '"types" must come before "default", which TypeScript matches first',
    );
    expect(verdict?.message).toContain('"default" must come last');
    expect(verdict?.message).toContain('must start with "./"');
    expect(verdict?.message).toContain("leaves the package");
  });

  it("reads types after a condition TypeScript ignores, not after one it matches", () => {
    const conditions = (entry: Record<string, unknown>) =>
      outcomes(exportsMap, lib({ exports: { ".": entry } }));
    expect(conditions({ browser: "./b.js", types: "./i.d.ts", default: "./i.js" })).toEqual([
      "pass",
    ]);
    expect(
      conditions({
        import: { types: "./i.d.mts", default: "./i.mjs" },
        require: { types: "./i.d.cts", default: "./i.cjs" },
      }),
    ).toEqual(["pass"]);
    expect(conditions({ node: "./n.js", types: "./i.d.ts", default: "./i.js" })).toEqual(["fail"]);
  });

  it("fails a published package without exports, with its own entry as the fix, and skips private ones", () => {
    const [verdict] =
      runRule(exportsMap, lib({ main: "fastify.js", types: "fastify.d.ts" })).get(".") ?? [];
    expect(verdict).toMatchObject({
      outcome: "fail",
      message:
        'A published package without "exports": its entry is "main" (fastify.js) alone, so every file in it is public API and no condition picks its types or its format.',
      remediation:
        'Declare its own entry as the exports map, "exports": { ".": { "types": "./fastify.d.ts", "default": "./fastify.js" }, "./package.json": "./package.json" } (a breaking change for anyone who imports other files of it), and check with publint.',
    });
    expect(runRule(exportsMap, lib({})).get(".")?.[0]?.remediation).toContain(
      '"exports": { ".": "./index.js", "./package.json": "./package.json" }',
    );
    expect(outcomes(exportsMap, lib({ private: true }))).toEqual(["not-applicable"]);
  });
});
