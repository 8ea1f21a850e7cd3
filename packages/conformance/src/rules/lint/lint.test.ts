import { describe, expect, it } from "vitest";
import { indexMemory } from "@paved/facts";
import { auditIndex } from "../../audit.js";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import linterConfigured from "./linter-configured.js";
import runsInLine from "./runs-in-line.js";
import typeAware from "./type-aware.js";

describe("lint/linter-configured", () => {
  it.each([
    ["a flat config", "eslint.config.mjs"],
    ["a legacy config", ".eslintrc.json"],
    ["oxlint", ".oxlintrc.json"],
    ["Biome", "biome.jsonc"],
  ])("passes with %s", (_, file) => {
    expect(outcomes(linterConfigured, { "package.json": manifest({}), [file]: "{}" })).toEqual([
      "pass",
    ]);
  });

  it("fails without any linter", () => {
    expect(outcomes(linterConfigured, { "package.json": manifest({}) })).toEqual(["fail"]);
  });
});

describe("lint/runs-in-line", () => {
  const workflow = (...runs: string[]) =>
    `on: [push]\njobs:\n  line:\n    runs-on: ubuntu-latest\n    steps:\n${runs.map((run) => `      - run: ${run}\n`).join("")}`;
  // A legacy ESLint config that nothing runs: CI runs the tests only.
  const unrun = {
    "package.json": manifest({ name: "lib", scripts: { test: "vitest run" } }),
    ".eslintrc.json": "{}",
    "src/index.ts": "export const a = 1;\n",
    ".github/workflows/ci.yml": workflow("npm ci", "npm test"),
  };
  const verdictOf = (files: Record<string, string>) => runRule(runsInLine, files).get(".")?.[0];

  it("fails for a linter that is configured but runs nowhere, and the station is a blind spot", () => {
    expect(outcomes(linterConfigured, unrun)).toEqual(["pass"]);
    expect(verdictOf(unrun)?.outcome).toBe("fail");
    const report = auditIndex(indexMemory(unrun), "/repo");
    expect(report.blindSpots.find((spot) => spot.station === "lint")?.why).toMatch(
      /^no core evidence: a linter configured and run on the line .*\(lint\/runs-in-line did not pass\)/,
    );
  });

  it("leaves the station blind where CI runs a linter that nothing configures", () => {
    const { ".eslintrc.json": _, ...unconfigured } = unrun;
    const files = {
      ...unconfigured,
      ".github/workflows/ci.yml": workflow("npm ci", "npx eslint ."),
    };
    expect(verdictOf(files)?.outcome).toBe("pass");
    const report = auditIndex(indexMemory(files), "/repo");
    expect(report.blindSpots.find((spot) => spot.station === "lint")?.why).toMatch(
      /\(lint\/linter-configured did not pass\)/,
    );
  });

  it("passes when CI lints directly, through a script, or through a Deno task, at the step's line", () => {
    const direct = verdictOf({
      ...unrun,
      ".github/workflows/ci.yml": workflow("npm ci", "npx eslint ."),
    });
    expect([direct?.outcome, direct?.location]).toEqual([
      "pass",
      { path: ".github/workflows/ci.yml", line: 7 },
    ]);
    const script = {
      ...unrun,
      "package.json": manifest({ name: "lib", scripts: { test: "xo && ava" } }),
    };
    expect(verdictOf(script)?.message).toBe("CI lints with xo: `npm test`.");
    const deno = {
      "deno.json": '{ "tasks": { "check": "deno lint && deno check mod.ts" } }',
      "mod.ts": "export const a = 1;\n",
      ".github/workflows/ci.yml": workflow("deno task check"),
    };
    expect(verdictOf(deno)?.message).toBe("CI lints with deno lint: `deno task check`.");
  });

  it("passes when the pre-commit hook lints, itself or through the lint-staged it runs", () => {
    const husky = {
      ...unrun,
      ".husky/pre-commit": "npx lint-staged\n",
      ".lintstagedrc.json": '{ "*.ts": ["eslint --fix", "prettier --write"] }',
    };
    expect([verdictOf(husky)?.outcome, verdictOf(husky)?.location]).toEqual([
      "pass",
      { path: ".lintstagedrc.json" },
    ]);
    // lint-staged configured but not run by the hook lints nothing.
    expect(verdictOf({ ...husky, ".husky/pre-commit": "npm test\n" })?.outcome).toBe("fail");
    const lefthook = {
      ...unrun,
      "lefthook.yml": "pre-commit:\n  commands:\n    lint:\n      run: npx oxlint {staged_files}\n",
    };
    expect(verdictOf(lefthook)?.message).toBe(
      "The pre-commit hook lints with oxlint: `npx oxlint {staged_files}` (lefthook.yml).",
    );
  });

  it("is not evaluated when a workflow or the hook that might lint could not be read", () => {
    const broken = verdictOf({ ...unrun, ".github/workflows/lint.yml": "jobs: [\n" });
    expect([broken?.outcome, broken?.reason]).toEqual([
      "not-evaluated",
      expect.stringMatching(/^\.github\/workflows\/lint\.yml: invalid YAML/),
    ]);
    const hook = verdictOf({ ...unrun, ".husky/pre-commit": "\0" });
    expect(hook?.outcome).toBe("not-evaluated");
  });

  it("names the lint script nobody runs, and does not apply without sources", () => {
    const scripted = {
      ...unrun,
      "package.json": manifest({ name: "lib", scripts: { lint: "eslint .", test: "vitest run" } }),
    };
    expect(verdictOf(scripted)?.remediation).toBe(
      "The `lint` script (`eslint .`) is never run: call `npm run lint` from a CI job.",
    );
    const { "src/index.ts": _, ...empty } = unrun;
    expect(outcomes(runsInLine, empty)).toEqual(["not-applicable"]);
  });
});

describe("lint/type-aware", () => {
  const ts = { "package.json": manifest({}), "src/index.ts": "export const a = 1;\n" };

  it("passes for the Paved preset and for projectService, read as text without running the config", () => {
    expect(
      outcomes(typeAware, {
        ...ts,
        "eslint.config.js": 'import paved from "@paved/eslint-config";\nexport default paved();\n',
      }),
    ).toEqual(["pass"]);
    const tseslint =
      "export default tseslint.config(tseslint.configs.strictTypeChecked, { languageOptions: { parserOptions: { projectService: true } } });";
    expect(outcomes(typeAware, { ...ts, "eslint.config.mjs": tseslint })).toEqual(["pass"]);
  });

  it("reads imports and keys from the syntax tree, not from comments or strings", () => {
    const commented =
      '// import paved from "@paved/eslint-config"; projectService: true\nexport default [{ rules: { "no-console": "off" } }];\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": commented })).toEqual(["fail"]);
    const required = 'const paved = require("@paved/eslint-config");\nmodule.exports = paved();\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.cjs": required })).toEqual(["pass"]);
    const typed =
      'import tseslint from "typescript-eslint";\nexport default tseslint.config(...tseslint.configs.recommendedTypeChecked satisfies unknown[]);\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.ts": typed })).toEqual(["pass"]);
  });

  it("is not evaluated, naming the file and line, for a config that does not parse", () => {
    const [verdict] =
      runRule(typeAware, { ...ts, "eslint.config.js": "export default [\n  {\n];\n" }).get(".") ??
      [];
    expect(verdict?.outcome).toBe("not-evaluated");
    expect(verdict?.reason).toMatch(
      /^eslint\.config\.js: cannot be parsed at line 3 \("\]" does not close the "\{" of line 2\)/,
    );
  });

  it("fails for a config without type information", () => {
    expect(
      outcomes(typeAware, {
        ...ts,
        "eslint.config.js": "export default [js.configs.recommended];",
      }),
    ).toEqual(["fail"]);
  });

  it("passes for xo, whose TypeScript config lints with type information", () => {
    const xo = { ...ts, "package.json": manifest({ scripts: { test: "xo && tsd" } }) };
    expect(runRule(typeAware, xo).get(".")).toMatchObject([
      {
        outcome: "pass",
        message: 'xo lints with type information (the "test" script of package.json).',
      },
    ]);
  });

  it("does not apply to JavaScript-only projects", () => {
    expect(
      outcomes(typeAware, { "package.json": manifest({}), "index.js": "", "eslint.config.js": "" }),
    ).toEqual(["not-applicable"]);
  });
});

describe("lint/linter-configured: the linters of @paved/stations", () => {
  it.each([
    ["oxlint.config.ts", { "oxlint.config.ts": "export default {}" }],
    ["xo's package.json key", { "package.json": manifest({ xo: { space: true } }) }],
    [
      "xo with no config, called by a script",
      { "package.json": manifest({ scripts: { test: "xo && ava" } }) },
    ],
    [
      "standard called by a script",
      { "package.json": manifest({ scripts: { lint: "standard" } }) },
    ],
    [
      "deno lint called by a script",
      {
        "package.json": manifest({ scripts: { "lint:deno": "deno lint --config=deno.lint.json" } }),
      },
    ],
  ])("passes with %s", (_, files) => {
    expect(outcomes(linterConfigured, { "package.json": manifest({}), ...files })).toEqual([
      "pass",
    ]);
  });

  it("does not take deno.json, which configures much else, for deno lint", () => {
    expect(outcomes(linterConfigured, { "package.json": manifest({}), "deno.json": "{}" })).toEqual(
      ["fail"],
    );
  });
});

describe("lint/type-aware reads the config's structure", () => {
  const ts = { "package.json": manifest({}), "src/index.ts": "export const a = 1;\n" };

  it("fails for the Paved preset with typeChecked: false", () => {
    const config =
      'import paved from "@paved/eslint-config";\nexport default paved({ typeChecked: false });\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": config })).toEqual(["fail"]);
  });

  it("fails for parserOptions and project that are not one inside the other, or switched off", () => {
    const apart =
      'export default [{ languageOptions: { parserOptions: { ecmaVersion: 2022 } } }, { settings: { project: "./tsconfig.json" } }];\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": apart })).toEqual(["fail"]);
    const off = "export default [{ languageOptions: { parserOptions: { project: false } } }];\n";
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": off })).toEqual(["fail"]);
    const noService =
      "export default [{ languageOptions: { parserOptions: { projectService: false } } }];\n";
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": noService })).toEqual(["fail"]);
  });

  it("passes for parserOptions.project set, and for oxlint --type-aware run by a script", () => {
    const on =
      'export default [{ languageOptions: { parserOptions: { project: "./tsconfig.json" } } }];\n';
    expect(outcomes(typeAware, { ...ts, "eslint.config.js": on })).toEqual(["pass"]);
    const oxlint = {
      "package.json": manifest({ scripts: { lint: "oxlint --type-aware" } }),
      "src/index.ts": "export const a = 1;\n",
    };
    expect(outcomes(typeAware, oxlint)).toEqual(["pass"]);
  });

  it("tells an oxlint repository to run oxlint --type-aware, with its own package manager", () => {
    const files = {
      "package.json": manifest({ packageManager: "pnpm@10.0.0", scripts: { lint: "oxlint" } }),
      ".oxlintrc.json": "{}",
      "src/index.ts": "export const a = 1;\n",
    };
    const [verdict] = runRule(typeAware, files).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.remediation).toContain("pnpm exec oxlint --type-aware");
  });
});

describe("lint/linter-configured: a linter's own repository", () => {
  it("counts standard's bin, run by its own scripts, as standard", () => {
    const named = (name: string) => ({
      "package.json": manifest({
        name,
        bin: { standard: "./bin/cmd.cjs" },
        scripts: { "test-internal": "./bin/cmd.cjs --verbose && tape test/*.js" },
      }),
    });
    expect(outcomes(linterConfigured, named("standard"))).toEqual(["pass"]);
    // Another package's bin of the same name is not standard.
    expect(outcomes(linterConfigured, named("other"))).toEqual(["fail"]);
  });
});
