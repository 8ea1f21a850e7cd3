import { describe, expect, it } from "vitest";
import pipelinePresent from "./ci/pipeline-present.js";
import runsStations from "./ci/runs-stations.js";
import formatInLine from "./format/check-in-line.js";
import formatterConfigured from "./format/formatter-configured.js";
import linterConfigured from "./lint/linter-configured.js";
import lintInLine from "./lint/runs-in-line.js";
import typeAware from "./lint/type-aware.js";
import stagedChecks from "./pre-commit/staged-checks.js";
import { manifest, runRule } from "./rule-tester.js";
import packageManager from "./runtime/package-manager.js";
import typecheckInLine from "./typecheck/check-in-line.js";
import strict from "./typecheck/strict.js";
import coverageThreshold from "./test/coverage-threshold.js";
import type { Rule } from "./define.js";

/** The remediation of a rule's first verdict on the root. */
const fix = (rule: Rule, files: Record<string, string>) =>
  runRule(rule, files).get(".")?.[0]?.remediation;

const pnpm = { "pnpm-lock.yaml": "lockfileVersion: '9.0'\n" };

describe("remediations in the repository's own terms", () => {
  it("installs a missing linter or formatter with the repository's package manager", () => {
    const files = { "package.json": manifest({}), ...pnpm };
    expect(fix(linterConfigured, files)).toBe(
      "Add ESLint with the Paved preset: `pnpm add -D eslint @paved/eslint-config` and an `eslint.config.js` that exports `paved()`.",
    );
    expect(fix(formatterConfigured, { ...files, "yarn.lock": "" })).toContain(
      "`pnpm add -D prettier @paved/prettier-config`",
    );
    expect(fix(formatterConfigured, { "package.json": manifest({}), "yarn.lock": "" })).toContain(
      "`yarn add -D prettier @paved/prettier-config`",
    );
  });

  it("asks for a config, not a second tool, where one of the class is installed", () => {
    const root = manifest({ workspaces: ["packages/*"], devDependencies: { eslint: "9" } });
    const files = {
      "package.json": root,
      "packages/cli/package.json": manifest({ name: "cli", devDependencies: { prettier: "3" } }),
    };
    expect(fix(linterConfigured, files)).toBe(
      "ESLint is a dependency but nothing configures it for the root: add eslint.config.js.",
    );
    expect(runRule(formatterConfigured, files).get("packages/cli")?.[0]?.remediation).toBe(
      "Prettier is a dependency but nothing configures it for packages/cli: add packages/cli/.prettierrc (or one at the root that covers it).",
    );
  });

  it("names the package manager the repository uses for packageManager", () => {
    const npm = { "package.json": manifest({}), "package-lock.json": "{}" };
    expect(fix(packageManager, npm)).toBe(
      'Add `"packageManager": "npm@<x.y.z>"` to the root package.json: npm (package-lock.json), at the exact version `npm --version` prints.',
    );
    expect(fix(packageManager, { "package.json": manifest({ packageManager: "yarn@4" }) })).toBe(
      'Give packageManager the exact version you run: `"packageManager": "yarn@<x.y.z>"` (`yarn --version`).',
    );
  });

  it("extends the tsconfig preset with the repository's package manager", () => {
    const files = {
      "package.json": manifest({}),
      "bun.lock": "",
      "tsconfig.json": JSON.stringify({ compilerOptions: {} }),
      "src/a.ts": "export const a = 1;\n",
    };
    expect(fix(strict, files)).toBe(
      'Extend the Paved preset: `"extends": "@paved/tsconfig/node"` in tsconfig.json (`bun add -d @paved/tsconfig`), or set `"strict": true` in its `compilerOptions`.',
    );
  });

  it("calls a station CI misses by a script the repository has, else by its task runner", () => {
    const workflow = (run: string) =>
      `on: push\njobs:\n  line:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;
    const base = {
      ...pnpm,
      ".github/workflows/ci.yml": workflow("pnpm exec eslint . && pnpm exec tsc -b"),
    };
    expect(
      fix(runsStations, { ...base, "package.json": manifest({ scripts: { test: "vitest" } }) }),
    ).toBe("Call `pnpm run test` from a CI job.");
    const turbo = JSON.stringify({ pipeline: { test: { dependsOn: ["build"] } } });
    expect(fix(runsStations, { ...base, "package.json": manifest({}), "turbo.json": turbo })).toBe(
      "Call `pnpm exec turbo run test` from a CI job.",
    );
    expect(fix(runsStations, { ...base, "package.json": manifest({}) })).toBe(
      "Call `pnpm run test` (add a `test` script that runs your test runner first) from a CI job.",
    );
  });
});

describe("CI on a provider the audit does not read", () => {
  const jenkins = {
    "package.json": manifest({ scripts: { lint: "eslint .", typecheck: "tsc" } }),
    ".prettierrc": "{}",
    "eslint.config.js": "export default [];\n",
    "src/a.ts": "export const a = 1;\n",
    Jenkinsfile: "pipeline { stages { stage('test') { steps { sh 'npm test' } } } }\n",
  };
  const reason = "Jenkinsfile: Jenkins, which the audit does not read";

  it("is unknown, not missing: the rules that look in CI say not-evaluated and why", () => {
    const present = runRule(pipelinePresent, jenkins).get(".")?.[0];
    expect(present).toMatchObject({
      outcome: "not-evaluated",
      reason,
      location: { path: "Jenkinsfile" },
    });
    for (const rule of [runsStations, formatInLine, lintInLine, typecheckInLine])
      expect(runRule(rule, jenkins).get(".")?.[0]).toMatchObject({
        outcome: "not-evaluated",
        reason,
      });
  });

  it("counts a job that calls another repository's reusable workflow as unread too", () => {
    const { Jenkinsfile: _, ...bare } = jenkins;
    const remote = {
      ...bare,
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  checks:\n    uses: acme/automation/.github/workflows/run.yml@v1\n",
    };
    for (const rule of [runsStations, formatInLine, lintInLine, typecheckInLine])
      expect(runRule(rule, remote).get(".")?.[0]).toMatchObject({
        outcome: "not-evaluated",
        reason:
          ".github/workflows/ci.yml: job `checks` calls `acme/automation/.github/workflows/run.yml@v1`, a reusable workflow of another repository, which the audit does not read",
      });
    expect(runRule(pipelinePresent, remote).get(".")?.[0]?.outcome).toBe("pass");
  });

  it("still fails where the pipelines it reads are all there is", () => {
    const { Jenkinsfile: _, ...bare } = jenkins;
    expect(runRule(pipelinePresent, bare).get(".")?.[0]?.outcome).toBe("fail");
  });
});

describe("fixes that call the script the repository has", () => {
  const ci = (run: string) =>
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;

  it("calls a script that type-checks under another name, and no task that does not exist", () => {
    const files = {
      "package.json": manifest({ scripts: { types: "tsc --noEmit", test: "vitest run" } }),
      "src/a.ts": "export const a = 1;\n",
      "eslint.config.js": "export default [];\n",
      ...pnpm,
      "turbo.json": JSON.stringify({ tasks: { build: {}, "web#lint": {} } }),
      ".github/workflows/ci.yml": ci("pnpm test"),
    };
    expect(fix(typecheckInLine, files)).toBe(
      "The `types` script type-checks: call `pnpm run types` from a CI job.",
    );
    expect(fix(runsStations, files)).toBe(
      "Call `pnpm exec turbo run lint`, `pnpm run types` from a CI job.",
    );
  });

  it("does not offer a `lint` script that runs no linter as the way to lint", () => {
    const files = {
      "package.json": manifest({ scripts: { lint: "prettier -c .", test: "vitest run" } }),
      ...pnpm,
      ".github/workflows/ci.yml": ci("pnpm run lint && pnpm test && pnpm exec tsc -b"),
    };
    expect(fix(runsStations, files)).toBe(
      "Call `pnpm run lint` (add a `lint` script that runs your linter first) from a CI job.",
    );
  });
});

describe("format/check-in-line's fix", () => {
  it("calls the root's script that already checks the format, rather than adding one", () => {
    const files = {
      "package.json": manifest({ scripts: { "format:check": "prettier --check ." } }),
      ".prettierrc": "{}",
      "yarn.lock": "",
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: yarn test\n",
    };
    expect(fix(formatInLine, files)).toBe(
      "The `format:check` script checks the format: call `yarn run format:check` from a CI job.",
    );
  });
});

describe("pre-commit/staged-checks' fix", () => {
  it("names the repository's own linter and formatter, not a second pair", () => {
    const files = {
      "package.json": manifest({ devDependencies: { oxlint: "1", oxfmt: "0.9" } }),
      ".oxlintrc.json": "{}",
      ".oxfmtrc.json": "{}",
      "bun.lock": "",
    };
    expect(fix(stagedChecks, files)).toBe(
      "Run lint-staged from a pre-commit hook (husky, lefthook or simple-git-hooks) with the repository's own oxlint and oxfmt on the staged files (`bun add -d lint-staged`).",
    );
    const biome = { "package.json": manifest({}), "biome.json": "{}" };
    expect(fix(stagedChecks, biome)).toBe(
      "Run lint-staged from a pre-commit hook (husky, lefthook or simple-git-hooks) with the repository's own Biome on the staged files (`npm i -D lint-staged`).",
    );
    const eslint = { "package.json": manifest({}), "eslint.config.js": "export default [];\n" };
    expect(fix(stagedChecks, eslint)).toContain("`@paved/lint-staged-config`");
  });
});

describe("lint/type-aware without an ESLint flat config", () => {
  const ts = { "src/a.ts": "export const a = 1;\n" };

  it("says what the repository lints with, and how that linter gets types", () => {
    const biome = runRule(typeAware, {
      "package.json": manifest({}),
      "biome.json": "{}",
      ...ts,
      ...pnpm,
    }).get(".")?.[0];
    expect(biome?.message).toBe("Biome lints here (biome.json) without type information.");
    expect(biome?.remediation).toBe(
      "Biome does not lint with TypeScript's types: run oxlint with `--type-aware` (`pnpm add -D oxlint oxlint-tsgolint`) or typescript-eslint's type-checked rules beside it, from a script that CI calls.",
    );
    const legacy = runRule(typeAware, {
      "package.json": manifest({}),
      ".eslintrc.json": "{}",
      ...ts,
    }).get(".")?.[0];
    expect(legacy?.message).toBe(
      "ESLint's legacy config (.eslintrc.json) neither extends a type-checked config of typescript-eslint nor sets parserOptions.project.",
    );
  });

  it("reads a legacy config's type information as structure, in every format", () => {
    const verdict = (files: Record<string, string>) =>
      runRule(typeAware, { "package.json": manifest({}), ...ts, ...files }).get(".")?.[0];
    expect(
      verdict({
        ".eslintrc.json":
          '{\n  // typed\n  "extends": ["plugin:@typescript-eslint/recommended-type-checked"],\n}\n',
      })?.message,
    ).toBe(
      ".eslintrc.json (a legacy config) extends plugin:@typescript-eslint/recommended-type-checked: type-aware rules are on.",
    );
    expect(
      verdict({
        ".eslintrc.yml":
          "overrides:\n  - files: ['*.ts']\n    parserOptions:\n      project: ./tsconfig.json\n",
      })?.message,
    ).toBe(
      ".eslintrc.yml (a legacy config) sets parserOptions.project (in overrides): type-aware rules are on.",
    );
    expect(
      verdict({
        ".eslintrc.cjs":
          "module.exports = { parserOptions: { project: true }, extends: ['eslint:recommended'] };\n",
      })?.outcome,
    ).toBe("pass");
    expect(
      verdict({ ".eslintrc.cjs": "module.exports = { parserOptions: { project: false } };\n" })
        ?.outcome,
    ).toBe("fail");
    expect(
      runRule(typeAware, {
        "package.json": manifest({ eslintConfig: { parserOptions: { projectService: true } } }),
        ...ts,
      }).get(".")?.[0]?.outcome,
    ).toBe("pass");
    expect(verdict({ ".eslintrc.json": "{ nope" })?.outcome).toBe("not-evaluated");
  });
});

describe("test/coverage-threshold's fix", () => {
  it("advises the runner the package is set up for, else no runner in particular", () => {
    const jest = { "package.json": manifest({ jest: { testEnvironment: "node" } }) };
    expect(fix(coverageThreshold, jest)).toBe(
      "Jest runs the tests: set `coverageThreshold` in the Jest config (for example `{ global: { lines: 80 } }`).",
    );
    expect(fix(coverageThreshold, { "package.json": manifest({}) })).toBe(
      "Set a coverage threshold in the test runner's config (Vitest's `test.coverage.thresholds`, Jest's `coverageThreshold`, c8's `check-coverage`) and run the tests with coverage in CI.",
    );
  });
});
