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

describe("test/coverage-threshold: the runners' threshold flags", () => {
  it("passes on bnt --coverage N and node:test's --test-coverage-lines=, at the script", () => {
    const bnt = {
      "package.json": manifest({ scripts: { "test:coverage": "bnt --coverage 100" } }),
    };
    const [verdict] = runRule(coverageThreshold, bnt).get(".") ?? [];
    expect(verdict).toMatchObject({ outcome: "pass", location: { path: "package.json" } });
    expect(verdict?.message).toContain("better-node-test --coverage");
    const node = {
      "package.json": manifest({
        scripts: { test: "node --test --experimental-test-coverage --test-coverage-lines=90" },
      }),
    };
    expect(outcomes(coverageThreshold, node)).toEqual(["pass"]);
  });

  it("passes on a CI command with c8 --100, and fails on a number no check reads", () => {
    const workflow =
      "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx c8 --100 mocha\n";
    const ci = { "package.json": manifest({}), ".github/workflows/ci.yml": workflow };
    expect(runRule(coverageThreshold, ci).get(".")?.[0]).toMatchObject({
      outcome: "pass",
      location: { path: ".github/workflows/ci.yml", line: 6 },
    });
    const numberOnly = {
      "package.json": manifest({
        scripts: { test: "c8 --lines 80 mocha" },
        devDependencies: { mocha: "^11.0.0" },
      }),
    };
    expect(outcomes(coverageThreshold, numberOnly)).toEqual(["fail"]);
    expect(
      outcomes(coverageThreshold, {
        "package.json": manifest({ scripts: { test: "bnt --coverage" } }),
      }),
    ).toEqual(["fail"]);
  });
});

describe("test/coverage-threshold: configs read as structure", () => {
  it("does not take a comment or a string that mentions thresholds for one", () => {
    const commented = {
      "package.json": manifest({}),
      "vitest.config.ts":
        '// TODO: coverage thresholds: { lines: 80 }\nexport default { test: { name: "thresholds:" } };\n',
    };
    expect(outcomes(coverageThreshold, commented)).toEqual(["fail"]);
  });

  it("reads jest.config.json and a c8 config as data", () => {
    const jest = {
      "package.json": manifest({}),
      "jest.config.json": '{ "coverageThreshold": { "global": { "lines": 80 } } }',
    };
    expect(runRule(coverageThreshold, jest).get(".")?.[0]).toMatchObject({
      outcome: "pass",
      location: { path: "jest.config.json" },
    });
    const c8 = {
      "package.json": manifest({}),
      ".c8rc.json": '{ "check-coverage": true, "lines": 90 }',
    };
    expect(outcomes(coverageThreshold, c8)).toEqual(["pass"]);
    const off = { "package.json": manifest({}), ".c8rc.json": '{ "check-coverage": false }' };
    expect(outcomes(coverageThreshold, off)).toEqual(["fail"]);
  });

  it("reads nyc's and c8's options in package.json", () => {
    const nyc = { "package.json": manifest({ nyc: { "check-coverage": true, lines: 95 } }) };
    expect(runRule(coverageThreshold, nyc).get(".")?.[0]).toMatchObject({
      outcome: "pass",
      location: { path: "package.json" },
    });
    const c8 = { "package.json": manifest({ c8: { checkCoverage: true } }) };
    expect(outcomes(coverageThreshold, c8)).toEqual(["pass"]);
    const reportOnly = { "package.json": manifest({ nyc: { lines: 95, reporter: ["lcov"] } }) };
    expect(outcomes(coverageThreshold, reportOnly)).toEqual(["fail"]);
  });
});

describe("test/script in a workspace tested from the root", () => {
  it("passes a package the root's own runner covers, not one under a root that delegates", () => {
    const files = (test: string) => ({
      "package.json": manifest({ workspaces: ["packages/*"], scripts: { test } }),
      "packages/a/package.json": manifest({ name: "a" }),
      "packages/a/src/a.test.ts": "test('a', () => {});\n",
    });
    const direct = runRule(script, files("vitest run --coverage")).get("packages/a")?.[0];
    expect(direct?.outcome).toBe("pass");
    expect(direct?.message).toBe(
      "The root's `test` script runs Vitest over the workspace: `vitest run --coverage`.",
    );
    // A package with no test file of its own is tested by nobody, whatever the root runs.
    const { "packages/a/src/a.test.ts": _, ...untested } = files("vitest run");
    expect(runRule(script, untested).get("packages/a")?.[0]?.message).toBe(
      "package.json has no `test` script, and the package has no test file of its own for the root's Vitest to run.",
    );
    // `pnpm -r test` runs each package's own script: the package needs one.
    expect(runRule(script, files("pnpm -r test")).get("packages/a")?.[0]?.outcome).toBe("fail");
  });
});

describe("test/runner's evidence", () => {
  it("cites the test script before a watch loop that also runs the runner", () => {
    const files = {
      "package.json": manifest({ scripts: { dev: "vitest --watch", test: "vitest run" } }),
    };
    expect(runRule(runner, files).get(".")?.[0]?.message).toBe(
      'Vitest runs through the "test" script of package.json.',
    );
  });
});

describe("test/runner in an Nx workspace", () => {
  it("credits the root's `nx run-many -t test`, not a package with no test target of its own", () => {
    const files = {
      "package.json": manifest({
        workspaces: ["packages/*"],
        scripts: { test: "nx run-many -t test" },
      }),
      "nx.json": JSON.stringify({ plugins: ["@nx/vitest"] }),
      "packages/a/package.json": manifest({ name: "a" }),
      "packages/a/vitest.config.ts": "export default {};\n",
      "packages/b/package.json": manifest({ name: "b" }),
    };
    const verdicts = runRule(runner, files);
    expect(verdicts.get(".")?.[0]?.message).toBe(
      'Vitest runs through the "test" script of package.json.',
    );
    expect(verdicts.get("packages/b")?.map((verdict) => verdict.outcome)).toEqual(["fail"]);
    // Its own config gives packages/a the target, whoever installed the runner.
    expect(verdicts.get("packages/a")?.[0]?.message).toBe(
      'Vitest runs through Nx\'s inferred "test" target (@nx/vitest, packages/a/vitest.config.ts).',
    );
  });

  it("credits a project with the tool its own target's executor runs", () => {
    const files = {
      "package.json": manifest({ workspaces: ["libs/*"] }),
      "nx.json": "{}",
      "libs/ui/package.json": manifest({ name: "ui" }),
      "libs/ui/project.json": JSON.stringify({
        targets: { test: { executor: "@nx/jest:jest", options: { jestConfig: "jest.config.ts" } } },
      }),
      "libs/other/package.json": manifest({ name: "other" }),
      // The root's own target is the root's: not credited to libs/other.
      "project.json": JSON.stringify({ targets: { test: { executor: "@nx/jest:jest" } } }),
    };
    const verdicts = runRule(runner, files);
    expect(verdicts.get("libs/ui")?.[0]?.message).toBe(
      'Jest runs through the "test" target of libs/ui/project.json.',
    );
    expect(verdicts.get("libs/other")?.[0]?.outcome).toBe("fail");
    expect(verdicts.get("libs/other")?.[0]?.remediation).toBe(
      "Add Vitest: `npm i -D vitest` and a `test` script `vitest run`.",
    );
    const withJest = runRule(runner, {
      ...files,
      "package.json": manifest({ workspaces: ["libs/*"], devDependencies: { jest: "30" } }),
    });
    expect(withJest.get("libs/other")?.[0]?.remediation).toBe(
      "Jest is the repository's runner (the root's dependencies): give libs/other tests and a `test` script (or config) that runs it.",
    );
    expect(verdicts.get(".")?.[0]?.message).toBe(
      'Jest runs through the "test" target of project.json.',
    );
  });
});

describe("test/script in an Nx workspace", () => {
  const nxFiles = (nx: unknown, own: Record<string, string>) => ({
    "package.json": manifest({ workspaces: ["apps/*"], scripts: { test: "nx test" } }),
    "nx.json": JSON.stringify(nx),
    "apps/cart/package.json": manifest({ name: "@shop/cart" }),
    ...own,
  });

  it("passes a project whose own Nx target runs the tests: `nx test` is its test command", () => {
    const inferred = runRule(
      script,
      nxFiles(
        { plugins: [{ plugin: "@nx/jest/plugin", options: { targetName: "test" } }] },
        {
          "apps/cart/jest.config.ts": "export default {};\n",
        },
      ),
    ).get("apps/cart")?.[0];
    expect(inferred?.outcome).toBe("pass");
    expect(inferred?.message).toBe(
      'Nx\'s inferred "test" target (@nx/jest/plugin, apps/cart/jest.config.ts) runs Jest.',
    );
    const executor = runRule(
      script,
      nxFiles(
        {},
        {
          "apps/cart/project.json": JSON.stringify({
            targets: { test: { executor: "@nx/vite:test" } },
          }),
        },
      ),
    ).get("apps/cart")?.[0];
    expect(executor?.message).toBe('The "test" target of apps/cart/project.json runs Vitest.');
  });

  it("fails a project with no test target of its own, and one whose target runs no tests", () => {
    const plugin = { plugins: [{ plugin: "@nx/jest/plugin", options: { targetName: "test" } }] };
    expect(runRule(script, nxFiles(plugin, {})).get("apps/cart")?.[0]?.outcome).toBe("fail");
    const lint = nxFiles(
      {},
      {
        "apps/cart/project.json": JSON.stringify({
          targets: { test: { executor: "@nx/eslint:lint" } },
        }),
      },
    );
    expect(runRule(script, lint).get("apps/cart")?.[0]?.outcome).toBe("fail");
  });
});
