import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import checkInLine from "./check-in-line.js";
import formatterConfigured from "./formatter-configured.js";

describe("format/formatter-configured", () => {
  it.each([
    [
      "the prettier key",
      { "package.json": manifest({ name: "a", prettier: "@paved/prettier-config" }) },
    ],
    [".prettierrc", { "package.json": manifest({ name: "a" }), ".prettierrc": "{}" }],
    [
      "prettier.config.mjs",
      { "package.json": manifest({ name: "a" }), "prettier.config.mjs": "export default {}" },
    ],
    ["biome.json", { "package.json": manifest({ name: "a" }), "biome.json": "{}" }],
  ])("passes with %s", (_, files) => {
    expect(outcomes(formatterConfigured, files)).toEqual(["pass"]);
  });

  it("fails without a formatter, and when Biome's formatter is off", () => {
    expect(outcomes(formatterConfigured, { "package.json": manifest({ name: "a" }) })).toEqual([
      "fail",
    ]);
    expect(
      outcomes(formatterConfigured, {
        "package.json": manifest({ name: "a" }),
        "biome.json": '{"formatter":{"enabled":false}}',
      }),
    ).toEqual(["fail"]);
  });

  it("counts a root config for a workspace package", () => {
    const files = {
      "package.json": manifest({ name: "root", private: true, workspaces: ["packages/*"] }),
      ".prettierrc.json": "{}",
      "packages/a/package.json": manifest({ name: "a" }),
    };
    expect(outcomes(formatterConfigured, files, "packages/a")).toEqual(["pass"]);
  });

  it("points at the package.json that holds the prettier key", () => {
    const files = {
      "package.json": manifest({ name: "root", workspaces: ["packages/*"], prettier: "x" }),
      "packages/a/package.json": manifest({ name: "a", prettier: "y" }),
      "packages/b/package.json": manifest({ name: "b" }),
    };
    const verdicts = runRule(formatterConfigured, files);
    expect(verdicts.get("packages/a")?.[0]?.location).toEqual({
      path: "packages/a/package.json",
    });
    expect(verdicts.get("packages/b")?.[0]?.location).toEqual({ path: "package.json" });
  });
});

describe("format/check-in-line", () => {
  const workflow = (run: string) =>
    `on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;

  it("passes when CI runs prettier --check directly or through a script", () => {
    expect(
      outcomes(checkInLine, {
        "package.json": manifest({}),
        ".github/workflows/ci.yml": workflow("npx prettier --check ."),
      }),
    ).toEqual(["pass"]);
    const files = {
      "package.json": manifest({ scripts: { "format:check": "prettier -c ." } }),
      ".github/workflows/ci.yml": workflow("pnpm run format:check"),
    };
    expect(outcomes(checkInLine, files)).toEqual(["pass"]);
  });

  it("fails when CI only formats without checking, or has no such step", () => {
    expect(
      outcomes(checkInLine, {
        "package.json": manifest({}),
        ".github/workflows/ci.yml": workflow("npx prettier --write ."),
      }),
    ).toEqual(["fail"]);
    expect(outcomes(checkInLine, { "package.json": manifest({}) })).toEqual(["fail"]);
  });
});

describe("format: the formatters of @paved/stations", () => {
  const workflow = (run: string) =>
    `on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;

  it.each([
    [".oxfmtrc.json", { ".oxfmtrc.json": "{}" }],
    ["dprint.json", { "dprint.json": "{}" }],
    ["xo, which enforces style", { "package.json": manifest({ scripts: { test: "xo" } }) }],
    [
      "an ESLint config built on neostandard",
      {
        "eslint.config.js":
          'import neostandard from "neostandard";\nexport default neostandard();\n',
      },
    ],
  ])("formatter-configured passes with %s", (_, files) => {
    expect(outcomes(formatterConfigured, { "package.json": manifest({}), ...files })).toEqual([
      "pass",
    ]);
  });

  it("check-in-line follows `pnpm run ci` to oxfmt --check", () => {
    const files = {
      "package.json": manifest({ scripts: { ci: "oxlint && oxfmt --check" } }),
      ".github/workflows/ci.yml": workflow("pnpm run ci"),
    };
    expect(outcomes(checkInLine, files)).toEqual(["pass"]);
  });

  it("check-in-line fails for biome ci with the formatter switched off", () => {
    const files = {
      "package.json": manifest({}),
      "biome.json": "{}",
      ".github/workflows/ci.yml": workflow("npx biome ci --formatter-enabled=false ."),
    };
    expect(outcomes(checkInLine, files)).toEqual(["fail"]);
  });

  it("check-in-line passes when CI runs ESLint and the config enforces style", () => {
    const files = {
      "package.json": manifest({ scripts: { lint: "eslint ." } }),
      "eslint.config.mjs": 'import antfu from "@antfu/eslint-config";\nexport default antfu();\n',
      ".github/workflows/ci.yml": workflow("pnpm run lint"),
    };
    expect(outcomes(checkInLine, files)).toEqual(["pass"]);
  });

  it("tells a repository to check with the formatter it has, through its package manager", () => {
    const files = {
      "package.json": manifest({ scripts: { fmt: "oxfmt" } }),
      "yarn.lock": "",
      ".oxfmtrc.json": "{}",
      ".github/workflows/ci.yml": workflow("yarn fmt"),
    };
    const [verdict] = runRule(checkInLine, files).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.remediation).toMatch(
      /oxfmt is configured \(\.oxfmtrc\.json\): run `yarn oxfmt --check`/,
    );
    expect(verdict?.remediation).not.toMatch(/prettier/i);
  });
});

describe("format/check-in-line: the whole line, hook included", () => {
  const step = (run: string) => `      - run: ${run}\n`;
  const workflow = (...runs: string[]) =>
    `on: push\njobs:\n  fix:\n    runs-on: ubuntu-latest\n    steps:\n${runs.map(step).join("")}`;

  it("passes when lint-staged, run by the hook, formats with --write", () => {
    const files = {
      "package.json": manifest({
        "simple-git-hooks": { "pre-commit": "pnpm lint-staged" },
        "lint-staged": { "**/*.{ts,json}": ["prettier --write"] },
      }),
      ".prettierrc": "{}",
    };
    const [verdict] = runRule(checkInLine, files).get(".") ?? [];
    expect(verdict).toMatchObject({ outcome: "pass", location: { path: "package.json" } });
    expect(verdict?.message).toMatch(/pre-commit hook formats the staged files/);
  });

  it("fails when lint-staged formats but the hook never runs it", () => {
    const files = {
      "package.json": manifest({
        "simple-git-hooks": { "pre-commit": "./test/check-versions.js" },
        "lint-staged": { "*.ts": "prettier --write" },
      }),
      ".prettierrc": "{}",
    };
    expect(outcomes(checkInLine, files)).toEqual(["fail"]);
  });

  it("passes on a workflow that formats and pushes the result, not on one that only formats", () => {
    const files = {
      "package.json": manifest({ scripts: { format: "prettier --write ." } }),
      ".github/workflows/format.yml": workflow("pnpm run format", "git commit -am fmt && git push"),
    };
    expect(runRule(checkInLine, files).get(".")?.[0]).toMatchObject({
      outcome: "pass",
      location: { path: ".github/workflows/format.yml", line: 6 },
    });
    const thrownAway = { ...files, ".github/workflows/format.yml": workflow("pnpm run format") };
    expect(outcomes(checkInLine, thrownAway)).toEqual(["fail"]);
  });

  it("passes when CI runs gts check, or ESLint with Prettier as a rule in a legacy config", () => {
    expect(
      outcomes(checkInLine, {
        "package.json": manifest({ scripts: { lint: "gts check --no-inline-config" } }),
        ".eslintrc.json": '{ "extends": "./node_modules/gts" }',
        ".github/workflows/ci.yml": workflow("npm run lint"),
      }),
    ).toEqual(["pass"]);
    expect(
      outcomes(checkInLine, {
        "package.json": manifest({ scripts: { lint: "eslint src" } }),
        ".eslintrc.js": "module.exports = { extends: ['plugin:prettier/recommended'] };\n",
        ".github/workflows/ci.yml": workflow("npm run lint"),
      }),
    ).toEqual(["pass"]);
  });

  it("passes when CI runs a formatting linter through the package's own bin", () => {
    const files = {
      "package.json": manifest({
        name: "standard",
        bin: { standard: "bin/cmd.cjs" },
        scripts: { "test-internal": "./bin/cmd.cjs --verbose && tape test/*.js" },
      }),
      ".github/workflows/test.yml": workflow("npm run test-internal"),
    };
    expect(outcomes(checkInLine, files)).toEqual(["pass"]);
  });
});

describe("format/check-in-line: actions that run the formatter", () => {
  const workflow = (uses: string) =>
    `on: pull_request\njobs:\n  fmt:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - uses: ${uses}\n`;

  it("counts dprint's check action, as a Deno library without package.json scripts runs it", () => {
    const files = {
      "package.json": manifest({}),
      "dprint.json": "{}",
      ".github/workflows/ci.yml": workflow("dprint/check@v2.3"),
    };
    const [verdict] = runRule(checkInLine, files).get(".") ?? [];
    expect(verdict?.outcome).toBe("pass");
    expect(verdict?.location).toEqual({ path: ".github/workflows/ci.yml", line: 7 });
    // A setup action runs nothing by itself.
    const setup = { ...files, ".github/workflows/ci.yml": workflow("dprint/setup@v1") };
    expect(outcomes(checkInLine, setup)).toEqual(["fail"]);
  });
});
