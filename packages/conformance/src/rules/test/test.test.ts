import { describe, expect, it } from "vitest";
import { manifest, outcomes } from "../rule-tester.js";
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
});
