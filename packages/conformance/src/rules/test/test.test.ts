import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import coverageThreshold from "./coverage-threshold.js";
import runner from "./runner.js";
import script from "./script.js";

describe("test rules", () => {
  it("runner: a dependency, or node --test in a script", () => {
    expect(
      outcomes(runner, { "package.json": manifest({ devDependencies: { vitest: "5" } }) }),
    ).toEqual(["pass"]);
    expect(
      outcomes(runner, { "package.json": manifest({ scripts: { test: "node --test src" } }) }),
    ).toEqual(["pass"]);
    expect(outcomes(runner, { "package.json": manifest({}) })).toEqual(["fail"]);
  });

  it("script: a real test script, not npm's placeholder", () => {
    expect(
      outcomes(script, { "package.json": manifest({ scripts: { test: "vitest run" } }) }),
    ).toEqual(["pass"]);
    expect(
      outcomes(script, {
        "package.json": manifest({
          scripts: { test: 'echo "Error: no test specified" && exit 1' },
        }),
      }),
    ).toEqual(["fail"]);
    expect(outcomes(script, { "package.json": manifest({}) })).toEqual(["fail"]);
  });

  it("coverage-threshold: Vitest thresholds, Jest coverageThreshold", () => {
    const vitest =
      "export default defineConfig({ test: { coverage: { thresholds: { lines: 80 } } } });";
    expect(
      outcomes(coverageThreshold, { "package.json": manifest({}), "vitest.config.ts": vitest }),
    ).toEqual(["pass"]);
    expect(
      outcomes(coverageThreshold, {
        "package.json": manifest({ jest: { coverageThreshold: { global: { lines: 80 } } } }),
      }),
    ).toEqual(["pass"]);
    expect(
      outcomes(coverageThreshold, {
        "package.json": manifest({}),
        "vitest.config.ts": "export default {}",
      }),
    ).toEqual(["fail"]);
  });

  it("coverage-threshold: the shared config a workspace package's test script names", () => {
    const shared =
      "export default defineConfig({ test: { coverage: { thresholds: { lines: 80 } } } });";
    const workspace = (test: string, config: string) => ({
      "package.json": manifest({ workspaces: ["packages/*"] }),
      "packages/a/package.json": manifest({ name: "a", scripts: { test } }),
      "tools/vitest/package.config.ts": config,
    });
    const named = "vitest run --config ../../tools/vitest/package.config.ts";
    expect(outcomes(coverageThreshold, workspace(named, shared), "packages/a")).toEqual(["pass"]);
    expect(
      outcomes(coverageThreshold, workspace(named, "export default {}"), "packages/a"),
    ).toEqual(["fail"]);
    // A config outside the repository, or one it lacks, proves nothing.
    const outside = "vitest run -c ../../../elsewhere/package.config.ts";
    expect(outcomes(coverageThreshold, workspace(outside, shared), "packages/a")).toEqual(["fail"]);
    const missing = "vitest run --config=../../tools/vitest/missing.config.ts";
    expect(outcomes(coverageThreshold, workspace(missing, shared), "packages/a")).toEqual(["fail"]);
  });
});

describe("test/runner: the runners of @paved/stations, and whose dependencies count", () => {
  it.each([
    ["borp", { devDependencies: { borp: "1" } }],
    ["uvu", { devDependencies: { uvu: "1" } }],
    ["tape", { devDependencies: { tape: "5" } }],
    ["bun test through a script", { scripts: { test: "bun test" } }],
  ])("passes with %s", (_, fields) => {
    expect(outcomes(runner, { "package.json": manifest(fields) })).toEqual(["pass"]);
  });

  it("does not credit a package with the root's devDependencies, but with the root's run", () => {
    const workspace = (rootScripts: Record<string, string>) => ({
      "package.json": manifest({
        private: true,
        workspaces: ["packages/*"],
        devDependencies: { vitest: "3" },
        scripts: rootScripts,
      }),
      "packages/a/package.json": manifest({ name: "a" }),
    });
    expect(outcomes(runner, workspace({}), "packages/a")).toEqual(["fail"]);
    expect(outcomes(runner, workspace({ test: "vitest run" }), "packages/a")).toEqual(["pass"]);
  });

  it("advises the repository's own runner and package manager", () => {
    const files = {
      "package.json": manifest({ devDependencies: { jest: "29" }, scripts: { test: "jest" } }),
    };
    const [verdict] = runRule(coverageThreshold, files).get(".") ?? [];
    expect(verdict?.remediation).toMatch(/^Jest runs the tests: set `coverageThreshold`/);
    const bare = runRule(runner, { "package.json": manifest({}), "bun.lock": "" }).get(".");
    expect(bare?.[0]?.remediation).toContain("bun add -d vitest");
  });
});
