import { describe, expect, it } from "vitest";
import type { PackageManifest } from "../project.js";
import { workspace } from "../catalogue.js";
import { coverageGate, ownToolBins, stationsRun, toolCalls, toolsRun } from "../commands.js";
import { Facts } from "../facts.js";
import { indexMemory } from "../repo/repo-index.js";
import { configuredFormatter, configuredLinter, lineToolCalls } from "./tools.js";
import { legacyEslintTypes } from "./eslint-style.js";

const calls = (command: string) =>
  toolCalls(command)
    .map((call) => `${call.station}/${call.tool.id}`)
    .sort();

describe("toolCalls: the classifier over the tables of @paved/stations", () => {
  it.each([
    ["oxfmt --check", ["format/oxfmt"]],
    ["dprint check", ["format/dprint"]],
    ["deno fmt --check", ["format/deno-fmt"]],
    ["deno lint --config=deno.lint.json ./src", ["lint/deno-lint"]],
    ["npx prettier . --list-different", ["format/prettier"]],
    ["xo", ["format/xo", "lint/xo"]],
    ["ts-standard", ["format/standard", "lint/standard"]],
    ["oxlint --type-aware", ["lint/oxlint", "lint/oxlint-type-aware"]],
    ["biome ci .", ["format/biome", "lint/biome"]],
    ["tsc -b", ["build/tsc-build", "typecheck/tsc"]],
    ["vue-tsc --noEmit", ["typecheck/vue-tsc"]],
    ["tsd", ["typecheck/tsd"]],
    ["tstyche", ["typecheck/tstyche"]],
    ["vitest run --typecheck", ["test/vitest", "typecheck/vitest-typecheck"]],
    ["borp --coverage", ["test/borp"]],
    ["c8 ava --verbose", ["test/ava"]],
    ["uvu tests", ["test/uvu"]],
    ["cross-env CI=1 node --test test/", ["test/node-test"]],
    ["playwright test", ["test/playwright"]],
    ["npx semantic-release@25.0.1", ["release/semantic-release"]],
    ["npm stage publish --provenance", ["release/npm-publish"]],
    ["pnpm -r publish --no-git-checks", ["release/npm-publish"]],
    // `npm publish` is a publish through yarn too.
    ["yarn npm publish", ["release/npm-publish", "release/yarn-publish"]],
    ["gh release create v1.0.0", ["release/gh-release"]],
    ["release publish", ["release/ossjs-release"]],
    ["changelogen --release && npm publish", ["release/changelogen", "release/npm-publish"]],
    // Toolkits that wrap ESLint, Prettier and Jest, a station per subcommand.
    ["tsdx lint src test", ["format/tsdx-lint", "lint/tsdx-lint"]],
    ["tsdx lint --fix", ["lint/tsdx-lint"]],
    ["tsdx test --coverage", ["test/tsdx-test"]],
    ["tsdx build", ["build/tsdx-build"]],
    [
      "kcd-scripts lint && kcd-scripts typecheck",
      ["lint/kcd-scripts-lint", "typecheck/kcd-scripts-typecheck"],
    ],
    ["kcd-scripts test", ["test/kcd-scripts-test"]],
    ["kcd-scripts format", []],
    ["react-scripts test --watchAll=false", ["test/react-scripts-test"]],
    ["vue-cli-service lint --no-fix", ["lint/vue-cli-lint"]],
    ["vue-cli-service test:unit", ["test/vue-cli-test"]],
    ["tshy", ["build/tshy", "typecheck/tshy"]],
    ["lintroll --cache .", ["format/lintroll", "lint/lintroll"]],
    ["lintroll --fix .", ["lint/lintroll"]],
    ["pretty-quick --check --branch main", ["format/pretty-quick"]],
    ["pretty-quick --staged", []],
    ["lab -a @hapi/code -t 100 -L -Y", ["lint/lab-lint", "test/lab", "typecheck/lab-types"]],
    // An option's value is no command.
    ["lab -r tap -o stdout", ["test/lab"]],
    ["mocha --reporter tap test/", ["test/mocha"]],
    ["npm --prefix test/webpack test", []],
    ["node -r tsx --test", ["test/node-test"]],
    ["pnpm -r tsc --noEmit", ["typecheck/tsc"]],
    ["vue-cli-service build", ["build/vue-cli-build"]],
    ["react-scripts build", ["build/react-scripts-build"]],
  ])("%s", (command, expected) => {
    expect(calls(command)).toEqual(expected);
  });

  it.each([
    // Flags that switch the check off, or make a call write instead of check.
    ["biome ci --formatter-enabled=false", ["lint/biome"]],
    ["biome ci --linter-enabled=false", ["format/biome"]],
    ["biome check --write .", ["lint/biome"]],
    ["prettier --write .", []],
    ["oxfmt", []],
    ["dprint fmt", []],
    ["tsc --noCheck -p tsconfig.build.json", []],
    ["tsc --init", []],
    ["npm publish --dry-run", []],
    // A script named like a command is not the command.
    ["npm run publish", []],
    ["npm ci", []],
  ])("%s does not run what it does not check", (command, expected) => {
    expect(calls(command)).toEqual(expected);
  });
});

describe("toolCalls with fixes: formatter calls that write", () => {
  const fixes = (command: string) =>
    toolCalls(command, { fixes: true })
      .map((call) => `${call.station}/${call.tool.id}${call.fixes ? " (fixes)" : ""}`)
      .sort();

  it.each([
    ["prettier --write .", ["format/prettier (fixes)"]],
    ["prettier -w src", ["format/prettier (fixes)"]],
    ["oxfmt", ["format/oxfmt (fixes)"]],
    ["dprint fmt", ["format/dprint (fixes)"]],
    ["deno fmt", ["format/deno-fmt (fixes)"]],
    ["biome format --write .", ["format/biome (fixes)"]],
    ["gts fix", ["format/gts (fixes)"]],
    ["tsdx lint src --fix", ["format/tsdx-lint (fixes)", "lint/tsdx-lint"]],
    ["pretty-quick --staged", ["format/pretty-quick (fixes)"]],
    ["lintroll --fix .", ["format/lintroll (fixes)", "lint/lintroll"]],
    ["nx format:write", ["format/nx-format (fixes)"]],
    // A check stays a check, and a switched-off formatter writes nothing.
    ["prettier --check --write .", ["format/prettier"]],
    ["oxfmt --check", ["format/oxfmt"]],
    ["biome check --write --formatter-enabled=false", ["lint/biome"]],
    ["prettier .", []],
  ])("%s", (command, expected) => {
    expect(fixes(command)).toEqual(expected);
  });

  it("leaves writing calls out unless asked", () => {
    expect(toolCalls("prettier --write .")).toEqual([]);
  });
});

describe("a known tool's own bin, as its scripts call it", () => {
  const standard: PackageManifest = {
    name: "standard",
    bin: { standard: "./bin/cmd.cjs" },
    scripts: { "test-internal": "./bin/cmd.cjs --verbose && tape test/*.js" },
  };

  it("counts `./bin/cmd.cjs` as standard in the standard package", () => {
    expect(ownToolBins([standard])).toEqual(
      new Map([
        ["bin/cmd.cjs", "standard"],
        [".", "standard"],
      ]),
    );
    expect([...stationsRun("npm run test-internal", [standard])].sort()).toEqual([
      "format",
      "lint",
      "test",
    ]);
  });

  it("does not let another package pass its bin off as a known tool", () => {
    const impostor = { ...standard, name: "not-standard" };
    expect(ownToolBins([impostor]).size).toBe(0);
    expect([...stationsRun("npm run test-internal", [impostor])]).toEqual(["test"]);
    // A string bin is named after the package.
    const xo: PackageManifest = { name: "xo", bin: "cli.js", scripts: { test: "node cli.js" } };
    expect(toolsRun("npm test", [xo]).map((call) => call.tool.id)).toEqual(["xo", "xo"]);
  });
});

describe("`node .`: a package running itself", () => {
  const npm: PackageManifest = {
    name: "npm",
    main: "./index.js",
    bin: { npm: "bin/npm-cli.js", npx: "bin/npx-cli.js" },
  };

  it("is the tool the package is, only as what node runs", () => {
    const ids = (command: string, manifests: PackageManifest[]) =>
      toolsRun(command, manifests).map((call) => `${call.station}/${call.tool.id}`);
    expect(ids("node . audit --omit=dev", [npm])).toEqual(["security/package-manager-audit"]);
    expect(ids("node bin/npm-cli.js audit", [npm])).toEqual(["security/package-manager-audit"]);
    // Not in another package, and `.` as a path is no call of the package.
    expect(ids("node . audit", [{ ...npm, name: "not-npm" }])).toEqual([]);
    expect(ids("eslint . && echo audit", [npm]).filter((id) => id.startsWith("security"))).toEqual(
      [],
    );
  });
});

describe("coverageGate: threshold flags from the tool tables", () => {
  it.each([
    ["bnt --coverage 100 --coverage-exclude 'test/*'", "better-node-test --coverage"],
    ["bnt --coverage=90", "better-node-test --coverage"],
    [
      "node --test --experimental-test-coverage --test-coverage-lines=80",
      "node-test --test-coverage-lines",
    ],
    ["c8 --100 mocha", "c8 --100"],
    ["c8 --check-coverage --lines 80 ava", "c8 --check-coverage"],
    ["npx c8 check-coverage --lines 95", "c8 check-coverage"],
    ["nyc --check-coverage=true mocha", "nyc --check-coverage"],
    ["borp --coverage --check-coverage", "borp --check-coverage"],
    ["lab -a @hapi/code -t 100 -L", "lab -t"],
    ["vitest run --coverage.thresholds.lines=80", "vitest --coverage.thresholds"],
    ["jest --coverageThreshold='{}'", "jest --coverageThreshold"],
  ])("%s", (command, expected) => {
    const gate = coverageGate(command);
    expect(gate && `${gate.tool.id} ${gate.flag}`).toBe(expected);
  });

  it.each([
    ["bnt --coverage"],
    ["c8 --lines 80 mocha"],
    ["borp --coverage"],
    ["node --test --experimental-test-coverage"],
    ["nyc --check-coverage=false mocha"],
    ["echo --check-coverage"],
  ])("%s sets no gate", (command) => {
    expect(coverageGate(command)).toBeUndefined();
  });
});

describe("stationsRun follows scripts the way package managers run them", () => {
  it("follows `pnpm run ci` (a script, not `npm ci`), pre/post scripts and npm-run-all globs", () => {
    const manifests: PackageManifest[] = [
      {
        scripts: {
          ci: "oxlint && oxfmt --check",
          pretest: "tsc -b",
          test: "node --test",
          all: "npm-run-all --parallel lint:* --serial check",
          "lint:format": "prettier --check .",
          "lint:code": "eslint .",
          check: "tsd",
        },
      },
    ];
    expect([...stationsRun("pnpm run ci", manifests)].sort()).toEqual(["format", "lint"]);
    expect([...stationsRun("npm ci", manifests)]).toEqual([]);
    expect([...stationsRun("npm test", manifests)].sort()).toEqual(["build", "test", "typecheck"]);
    expect([...stationsRun("npm run all", manifests)].sort()).toEqual([
      "format",
      "lint",
      "typecheck",
    ]);
  });

  it("reads a hostile glob or a long script in bounded time", { timeout: 2000 }, () => {
    const manifests: PackageManifest[] = [
      { scripts: { [`${"a:".repeat(200)}b`]: "eslint .", x: `run-s ${"*a".repeat(30)}` } },
    ];
    expect([...stationsRun("npm run x", manifests)]).toEqual([]);
    expect(toolCalls(`${"npm ".repeat(50_000)};`.repeat(4))).toEqual([]);
  });
});

describe("the line's tool facts", () => {
  const facts = (files: Record<string, string>) => new Facts(indexMemory(files));
  const root = (given: Facts) => given.get(workspace).projects[0]!;

  it("finds the tools a project's scripts and CI call, each with where it comes from", () => {
    const repo = facts({
      "package.json": JSON.stringify({ scripts: { test: "xo && borp" } }),
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx tsd\n",
    });
    const { calls, by } = repo.of(lineToolCalls, root(repo));
    // xo lints and formats: one call per station it runs.
    expect(calls.map((call) => `${call.tool.id}:${call.station}`)).toEqual([
      "xo:format",
      "xo:lint",
      "borp:test",
      "tsd:typecheck",
    ]);
    expect(by.at(0)).toBe('the "test" script of package.json');
    expect(by.at(-1)).toBe("CI (.github/workflows/ci.yml)");
  });

  it("finds the configured formatter and linter, by file, by key, or by a call that needs no config", () => {
    const repo = facts({
      "package.json": JSON.stringify({ scripts: { lint: "standard" } }),
      "dprint.json": "{}",
    });
    expect(repo.of(configuredFormatter, root(repo))).toMatchObject({
      tool: { id: "dprint" },
      path: "dprint.json",
    });
    expect(repo.of(configuredLinter, root(repo))?.tool.id).toBe("standard");
    const bare = facts({ "package.json": "{}" });
    expect(bare.of(configuredFormatter, root(bare))).toBeUndefined();
  });
});

describe("legacyEslintTypes: a legacy config's type information, read as structure", () => {
  const types = (files: Record<string, string>) => {
    const facts = new Facts(indexMemory({ "package.json": "{}", ...files }));
    const root = facts.get(workspace).projects[0];
    if (!root) throw new Error("no root");
    return legacyEslintTypes(facts, root);
  };

  it.each([
    [
      ".eslintrc",
      '{ "extends": "plugin:@typescript-eslint/strict-type-checked" }',
      "extends plugin:@typescript-eslint/strict-type-checked",
    ],
    [".eslintrc", "parserOptions:\n  projectService: true\n", "sets parserOptions.projectService"],
    [
      ".eslintrc.json",
      '{ "overrides": [{ "files": ["*.ts"], "parserOptions": { "project": ["./tsconfig.json"] } }] }',
      "sets parserOptions.project (in overrides)",
    ],
    [
      ".eslintrc.js",
      "module.exports = { extends: ['plugin:@typescript-eslint/recommended-requiring-type-checking'] };",
      "extends plugin:@typescript-eslint/recommended-requiring-type-checking",
    ],
    [
      ".eslintrc.js",
      "module.exports = { parserOptions: { projectService: true } };",
      "sets parserOptions.projectService",
    ],
  ])("%s: %s", (file, text, evidence) => {
    expect(types({ [file]: text })).toEqual({ path: file, read: true, evidence });
  });

  it("says when there is none, when it cannot be read, and nothing for a flat config", () => {
    expect(
      types({ ".eslintrc.yaml": "parserOptions:\n  project: ''\nextends: [eslint:recommended]\n" }),
    ).toEqual({ path: ".eslintrc.yaml", read: true });
    expect(types({ ".eslintrc.json": "{ nope" })).toEqual({ path: ".eslintrc.json", read: false });
    expect(types({ ".eslintrc.cjs": "module.exports = {" })).toMatchObject({
      path: ".eslintrc.cjs",
    });
    expect(types({ "eslint.config.js": "export default [];" })).toBeUndefined();
    expect(types({})).toBeUndefined();
  });
});
