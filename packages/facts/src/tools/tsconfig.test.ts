import { describe, expect, it } from "vitest";
import { indexMemory } from "../repo/repo-index.js";
import type { Project } from "../project.js";
import { effectiveOptions, maxExtendsDepth, nearestTsconfig } from "./tsconfig.js";

/** `n` configs, each extending the next twice (a string and an array entry): a diamond chain. */
function diamond(n: number, last: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i += 1) {
    const next = `./t${String(i + 1)}.json`;
    files[`t${String(i)}.json`] = JSON.stringify({
      extends: [next, next],
      compilerOptions: { [`flag${String(i)}`]: true },
    });
  }
  files[`t${String(n)}.json`] = last;
  return files;
}

describe("effectiveOptions follows extends once per file", () => {
  it("resolves 40 configs that each extend the next twice in linear time (issue 12)", () => {
    const index = indexMemory(diamond(40, '{ "compilerOptions": { "strict": true } }'));
    const start = performance.now();
    const effective = effectiveOptions(index, "t0.json");
    expect(performance.now() - start).toBeLessThan(1000);
    expect(effective.ok).toBe(true);
    if (!effective.ok) return;
    expect(effective.options["strict"]).toBe(true);
    expect(effective.options["flag39"]).toBe(true);
    expect(effective.chain).toHaveLength(41);
  });

  it("names a loop at the bottom of a diamond, once, without exponential work", () => {
    const index = indexMemory(diamond(40, '{ "extends": "./t20.json" }'));
    const start = performance.now();
    const effective = effectiveOptions(index, "t0.json");
    expect(performance.now() - start).toBeLessThan(1000);
    expect(effective.ok).toBe(false);
    if (effective.ok) return;
    expect(effective.problem).toMatch(
      /^t20\.json: an extends loop \(t20\.json → t21\.json → .* → t40\.json → t20\.json\); break the loop$/,
    );
  });

  it("stops at the depth cap with a problem naming the file", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i += 1)
      files[`t${String(i)}.json`] = JSON.stringify({ extends: `./t${String(i + 1)}.json` });
    files["t200.json"] = "{}";
    const effective = effectiveOptions(indexMemory(files), "t0.json");
    expect(effective.ok).toBe(false);
    if (effective.ok) return;
    expect(effective.problem).toContain(`deeper than ${String(maxExtendsDepth)} files`);
  });
});

describe("effectiveOptions knows well-known presets without the install", () => {
  it("reads gts's config through the path `gts init` writes, and an unknown one as missing", () => {
    const gts = effectiveOptions(
      indexMemory({
        "tsconfig.json": '{ "extends": "./node_modules/gts/tsconfig-google.json" }',
      }),
      "tsconfig.json",
    );
    expect(gts.ok && gts.options["strict"]).toBe(true);
    const unknown = effectiveOptions(
      indexMemory({ "tsconfig.json": '{ "extends": "./node_modules/acme/tsconfig.json" }' }),
      "tsconfig.json",
    );
    expect(unknown.ok).toBe(false);
  });
});

describe("nearestTsconfig", () => {
  const project = (dir: string, scripts: Record<string, string>): Project => ({
    dir,
    name: dir,
    kinds: ["library"],
    role: "product",
    manifest: { name: dir, scripts },
  });

  it("takes the config a package's scripts give tsc where it has no tsconfig.json of its own", () => {
    const index = indexMemory({
      "tsconfig.json": "{}",
      "packages/core/src/tsconfig.json": "{}",
      "packages/core/test/tsconfig.json": "{}",
      "packages/core/tsconfig.build.json": "{}",
    });
    const core = (scripts: Record<string, string>) =>
      nearestTsconfig(index, project("packages/core", scripts));
    expect(core({ "compile:esm": "tsc -p ./src", "test:types": "tsc -p ./test" })).toBe(
      "packages/core/src/tsconfig.json",
    );
    expect(core({ build: "rm -rf lib && tsc --project=tsconfig.build.json" })).toBe(
      "packages/core/tsconfig.build.json",
    );
    expect(core({ build: "vue-tsc -b src" })).toBe("packages/core/src/tsconfig.json");
    // A config the listing does not have, or one above the repository, falls back to the nearest.
    expect(core({ build: "tsc -p ./lib" })).toBe("tsconfig.json");
    expect(core({ build: "tsc -p ../../../x" })).toBe("tsconfig.json");
    expect(core({ lint: "eslint . -p src" })).toBe("tsconfig.json");
  });

  it("keeps a package's own tsconfig.json first", () => {
    const index = indexMemory({ "a/tsconfig.json": "{}", "a/src/tsconfig.json": "{}" });
    expect(nearestTsconfig(index, project("a", { build: "tsc -p src" }))).toBe("a/tsconfig.json");
  });
});
