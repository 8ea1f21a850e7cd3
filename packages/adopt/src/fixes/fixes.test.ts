import { rules } from "@paved/conformance";
import { templateVersions } from "@paved/generators";
import { describe, expect, it } from "vitest";
import { adoptMemory } from "../testing.js";
import { fixableRules } from "../fixable.js";
import { fixers } from "./all.js";
import { developmentNode } from "./runtime.js";
import { presetIgnores } from "./eslintrc.js";
import { defaultIgnores } from "@paved/eslint-config";

describe("fixableRules", () => {
  it("lists exactly the rules a fixer fixes", () => {
    expect([...fixableRules].sort()).toEqual(fixers.map((fixer) => fixer.ruleId).sort());
  });
});

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A TypeScript package with a hand-written workflow and little else of the road. */
const foreign = {
  "package.json": json({
    name: "app",
    version: "1.0.0",
    scripts: { test: 'echo "Error: no test specified" && exit 1' },
    devDependencies: { typescript: "5.9.3" },
  }),
  "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
  "tsconfig.json": '{\n  // ours\n  "compilerOptions": { "outDir": "dist" }\n}\n',
  "src/index.ts": "export const one = 1;\n",
  ".github/workflows/ci.yml": [
    "name: CI # ours",
    "on: [push]",
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v5",
    "      - run: pnpm install",
    "",
  ].join("\n"),
};

describe("the fixes", () => {
  it("cover at least 25 rules, one fix per rule, each a rule the audit has", () => {
    const ids = fixers.map((fixer) => fixer.ruleId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    const known = new Set(rules.map((rule) => rule.meta.id));
    expect(ids.filter((id) => !known.has(id))).toEqual([]);
  });

  const adopted = adoptMemory(foreign, { owner: "@acme/platform" });
  const fixedHere = fixers
    .map((fixer) => fixer.ruleId)
    .filter(
      (id) =>
        !["ci/pipeline-present", "ci/pipeline-intact", "lint/type-aware", "security/sast"].includes(
          id,
        ),
    );

  it.each(fixedHere)("%s: fails on the foreign repository, passes after adopt", (ruleId) => {
    expect(adopted.before(ruleId)).toBe("fail");
    expect(adopted.now(ruleId)).toBe("pass");
  });

  it("raises the score, and a second run finds nothing to do", () => {
    expect(adopted.again.report.score).toBeGreaterThan(adopted.plan.report.score + 50);
    expect(adopted.again.changes).toEqual([]);
    expect(adopted.again.fixes).toEqual([]);
  });

  it("edits the foreign workflow in place, keeping its comment and layout", () => {
    expect(adopted.after[".github/workflows/ci.yml"]).toBe(
      [
        "name: CI # ours",
        "on: [push]",
        "# Read-only by default; a job that needs to write says so itself.",
        "permissions:",
        "  contents: read",
        "",
        "jobs:",
        "  build:",
        "    timeout-minutes: 30",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0",
        "      - run: pnpm install",
        "      - name: lint",
        "        run: pnpm run lint",
        "      - name: typecheck",
        "        run: pnpm run typecheck",
        "      - name: test",
        "        run: pnpm run test",
        "      - name: format:check",
        "        run: pnpm run format:check",
        "      - name: Dependency audit",
        "        run: pnpm audit --prod",
        "",
      ].join("\n"),
    );
    expect(adopted.after["tsconfig.json"]).toContain("// ours");
    expect(adopted.after["package.json"]).toContain('"packageManager": "pnpm@10.34.8"');
  });

  it("adds the presets' devDependencies and names the one install to run", () => {
    expect(adopted.plan.install).toBe("pnpm install");
    const manifest = JSON.parse(adopted.after["package.json"] ?? "{}") as {
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies).toMatchObject({
      eslint: "10.15.0",
      husky: "9.1.7",
      typescript: "5.9.3",
    });
  });
});

describe("fixes on other repositories", () => {
  it("ci/pipeline-present: renders the pipeline paved ci would, which then audits intact", () => {
    const result = adoptMemory({ ...foreign, ".github/workflows/ci.yml": "" }, {});
    const bare = adoptMemory(
      Object.fromEntries(Object.entries(foreign).filter(([path]) => !path.startsWith(".github"))),
    );
    expect(result.plan.changes.length).toBeGreaterThan(0);
    expect(bare.before("ci/pipeline-present")).toBe("fail");
    expect(bare.now("ci/pipeline-present")).toBe("pass");
    expect(bare.now("ci/pipeline-intact")).toBe("pass");
    expect(bare.now("ci/runs-stations")).toBe("pass");
    expect(bare.now("security/sast")).toBe("pass");
    expect(bare.again.changes).toEqual([]);
  });

  it("ci/pipeline-intact: a hand-edited rendered pipeline is rendered again", () => {
    const bare = adoptMemory(
      Object.fromEntries(Object.entries(foreign).filter(([path]) => !path.startsWith(".github"))),
    );
    const rendered = bare.after[".github/workflows/ci.yml"] ?? "";
    const edited = adoptMemory({
      ...bare.after,
      ".github/workflows/ci.yml": rendered.replace("timeout-minutes: 20", "timeout-minutes: 25"),
    });
    expect(edited.before("ci/pipeline-intact")).toBe("fail");
    expect(edited.now("ci/pipeline-intact")).toBe("pass");
    expect(edited.after[".github/workflows/ci.yml"]).toBe(rendered);
  });

  it("lint/type-aware: composes the repository's flat config with the preset", () => {
    const config =
      "import tseslint from 'typescript-eslint'\n\nexport default tseslint.config({ rules: {} })\n";
    const result = adoptMemory({ ...foreign, "eslint.config.js": config }, { only: ["lint"] });
    expect(result.before("lint/type-aware")).toBe("fail");
    expect(result.now("lint/type-aware")).toBe("pass");
    expect(result.after["eslint.config.js"]).toBe(
      "import tseslint from 'typescript-eslint'\nimport paved from \"@paved/eslint-config\";\n\nexport default [...paved({ tsconfigRootDir: import.meta.dirname }), ...(tseslint.config({ rules: {} }))]\n",
    );
  });

  it("lint/type-aware: TypeScript files no tsconfig includes, up to eight, get the default project", () => {
    const config = "export default [];\n";
    const files = (extra: Record<string, string>) => ({
      ...foreign,
      "tsconfig.json": json({ include: ["src"] }),
      "eslint.config.js": config,
      ...extra,
    });
    const some = adoptMemory(files({ "vitest.config.ts": "", "scripts/gen.mts": "" }), {
      only: ["lint/type-aware"],
    });
    expect(some.after["eslint.config.js"]).toContain(
      'paved({ tsconfigRootDir: import.meta.dirname, allowDefaultProject: ["scripts/gen.mts","vitest.config.ts"] })',
    );
    // Build output the preset ignores is no matter.
    const built = adoptMemory(files({ "dist/index.d.ts": "" }), { only: ["lint/type-aware"] });
    expect(built.after["eslint.config.js"]).toContain(
      "paved({ tsconfigRootDir: import.meta.dirname })",
    );
    const many = adoptMemory(
      files(Object.fromEntries([...Array(9).keys()].map((i) => [`tools/t${String(i)}.ts`, ""]))),
      { only: ["lint/type-aware"] },
    );
    expect(many.plan.changes).toEqual([]);
    expect(many.plan.skipped[0]?.reason).toMatch(
      /^9 TypeScript files are in no tsconfig \(tools\/t0\.ts/,
    );
    const none = adoptMemory(
      {
        ...Object.fromEntries(Object.entries(foreign).filter(([path]) => path !== "tsconfig.json")),
        "eslint.config.js": config,
      },
      { only: ["lint/type-aware"] },
    );
    expect(none.plan.skipped[0]?.reason).toMatch(/^no tsconfig\.json/);
  });

  it("lint/linter-configured: the preset type-aware where it can parse every file, else without types", () => {
    const outside = adoptMemory(
      { ...foreign, "tsconfig.json": json({ include: ["src"] }), "vite.config.ts": "" },
      { only: ["lint/linter-configured"] },
    );
    expect(outside.after["eslint.config.mjs"]).toContain(
      'export default paved({ tsconfigRootDir: import.meta.dirname, allowDefaultProject: ["vite.config.ts"] });',
    );
    const untyped = adoptMemory(
      Object.fromEntries(Object.entries(foreign).filter(([path]) => path !== "tsconfig.json")),
      { only: ["lint/linter-configured"] },
    );
    expect(untyped.after["eslint.config.mjs"]).toMatch(
      /^\/\/ The lint station: the paved preset, without type information for now: no tsconfig\.json.*\n[^]*export default paved\(\{ tsconfigRootDir: import\.meta\.dirname, typeChecked: false \}\);\n$/,
    );
    expect(untyped.now("lint/linter-configured")).toBe("pass");
  });

  it("lint/type-aware: ignores what the preset ignores when it looks for files outside tsconfigs", () => {
    // Each of @paved/eslint-config's default ignores, as a path, is ignored here too.
    const samples = defaultIgnores.flatMap((glob) => {
      const directory = /^\*\*\/([^*/]+)\/\*\*$/.exec(glob)?.[1];
      if (directory !== undefined) return [`${directory}/a.ts`, `src/${directory}/a.ts`];
      expect(glob).toBe("**/*.generated.*");
      return ["src/a.generated.ts"];
    });
    expect(samples.filter((path) => !presetIgnores.test(path))).toEqual([]);
    for (const kept of ["src/a.ts", "distribution/a.ts", "src/generator.ts"])
      expect(presetIgnores.test(kept)).toBe(false);
  });

  it("lint/type-aware: raises an ESLint older than 10 and aligns typescript-eslint with the preset", () => {
    const config = "import tseslint from 'typescript-eslint'\n\nexport default tseslint.config()\n";
    const result = adoptMemory(
      {
        ...foreign,
        "package.json": json({
          name: "app",
          devDependencies: {
            eslint: "^9.38.0",
            "typescript-eslint": "^8.0.0",
            typescript: "5.9.3",
          },
        }),
        "eslint.config.js": config,
      },
      { only: ["lint/type-aware"] },
    );
    const { devDependencies } = JSON.parse(result.after["package.json"] ?? "{}") as {
      devDependencies: Record<string, string>;
    };
    expect(devDependencies["eslint"]).toBe(templateVersions["eslint"]);
    expect(devDependencies["typescript-eslint"]).toBe(templateVersions["typescript-eslint"]);
    expect(devDependencies["@paved/eslint-config"]).toBeDefined();
  });

  it("test/coverage-threshold: edits an existing Vitest config, or package.json's Jest config", () => {
    const vitest = adoptMemory(
      {
        ...foreign,
        "vitest.config.ts":
          "// ours\nimport { defineConfig } from 'vitest/config'\nexport default defineConfig({ test: {} })\n",
      },
      { only: ["test/coverage-threshold"] },
    );
    expect(vitest.now("test/coverage-threshold")).toBe("pass");
    expect(vitest.after["vitest.config.ts"]).toMatch(
      /^\/\/ ours\nimport \{ defineConfig \} from 'vitest\/config'\n/,
    );
    const jest = adoptMemory(
      {
        ...foreign,
        "package.json": json({
          name: "app",
          jest: { testEnvironment: "node" },
          devDependencies: { jest: "30.0.0" },
        }),
      },
      { only: ["test"] },
    );
    expect(jest.now("test/coverage-threshold")).toBe("pass");
    expect(jest.now("test/script")).toBe("pass");
    expect(JSON.parse(jest.after["package.json"] ?? "{}")).toMatchObject({
      scripts: { test: "jest" },
      jest: { testEnvironment: "node", coverageThreshold: { global: { lines: 80 } } },
    });
  });

  it("dependency-updates/bot: keeps Dependabot, adding the npm ecosystem", () => {
    const dependabot =
      "version: 2\nupdates:\n  # actions only, so far\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n";
    const result = adoptMemory(
      { ...foreign, ".github/dependabot.yml": dependabot },
      { only: ["dependency-updates"] },
    );
    expect(result.now("dependency-updates/bot")).toBe("pass");
    expect(result.after[".github/dependabot.yml"]).toBe(
      `${dependabot.trimEnd()}\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n`,
    );
    expect(result.after["renovate.json"]).toBeUndefined();
  });

  it("review/codeowners: puts a catch-all first in an existing file; without an owner, says how to give one", () => {
    const files = {
      ...foreign,
      "paved.config.json": json({ new: { owner: "@acme/web" } }),
      ".github/CODEOWNERS": "# owners\n/docs/ @acme/writers\n",
    };
    const result = adoptMemory(files, { only: ["review"] });
    expect(result.now("review/codeowners")).toBe("pass");
    expect(result.after[".github/CODEOWNERS"]).toBe(
      "# owners\n* @acme/web\n/docs/ @acme/writers\n",
    );
    const without = adoptMemory(foreign, { only: ["review/codeowners"] });
    expect(without.plan.skipped.map((skip) => skip.reason)).toEqual([
      expect.stringContaining("pass --owner"),
    ]);
    expect(without.plan.changes).toEqual([]);
    expect(
      adoptMemory(foreign, { only: ["review/codeowners"], owner: "not an owner" }).plan.skipped[0]
        ?.reason,
    ).toMatch(/--owner must be/);
  });

  it("ci/permissions: leaves a workflow whose job publishes for a hand edit", () => {
    const release =
      "on: push\njobs:\n  publish:\n    runs-on: x\n    steps:\n      - run: npm publish\n";
    const result = adoptMemory(
      { ...foreign, ".github/workflows/release.yml": release },
      { only: ["ci/permissions"] },
    );
    expect(result.after[".github/workflows/release.yml"]).toBe(release);
    expect(
      result.plan.skipped.some((skip) => skip.reason.includes("publish may need a write scope")),
    ).toBe(true);
    expect(result.now("ci/permissions")).toBe("fail");
  });

  it("ci/permissions: an upload to Codecov with a token needs no write scope; one by OIDC does", () => {
    const workflow = (settings: string) =>
      `on: push\njobs:\n  test:\n    runs-on: x\n    steps:\n      - run: npm test\n      - uses: codecov/codecov-action@v5\n        with:\n${settings}`;
    const token = workflow("          token: ${{ secrets.CODECOV_TOKEN }}\n");
    const withToken = adoptMemory(
      { ...foreign, ".github/workflows/ci.yml": token },
      { only: ["ci/permissions"] },
    );
    expect(withToken.after[".github/workflows/ci.yml"]).toContain(
      "permissions:\n  contents: read\n",
    );
    const oidc = workflow("          use_oidc: true\n");
    const byOidc = adoptMemory(
      { ...foreign, ".github/workflows/ci.yml": oidc },
      { only: ["ci/permissions"] },
    );
    expect(byOidc.after[".github/workflows/ci.yml"]).toBe(oidc);
  });

  it("ci/permissions: leaves a workflow that calls one needing writes, which a read-only cap would break", () => {
    const router = [
      "on: push",
      "jobs:",
      "  test:",
      "    uses: ./.github/workflows/test.yml",
      "  release:",
      "    uses: ./.github/workflows/release.yml",
      "",
    ].join("\n");
    const called = (steps: string, permissions = "") =>
      `on: workflow_call\n${permissions}jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: ${steps}\n`;
    const files = {
      ...foreign,
      ".github/workflows/ci.yml": router,
      ".github/workflows/test.yml": called("npm test", "permissions:\n  contents: read\n"),
      ".github/workflows/release.yml": called("echo", "permissions:\n  id-token: write\n"),
    };
    const capped = adoptMemory(files, { only: ["ci/permissions"] });
    expect(capped.after[".github/workflows/ci.yml"]).toBe(router);
    expect(capped.plan.skipped.map((skip) => skip.reason).join("\n")).toMatch(
      /ci\.yml: job release may need a write scope/,
    );
    // Calls of workflows that only read: the cap changes nothing for them.
    const reading = adoptMemory(
      { ...files, ".github/workflows/release.yml": called("npm test", "permissions: read-all\n") },
      { only: ["ci/permissions"] },
    );
    expect(reading.after[".github/workflows/ci.yml"]).toContain("permissions:\n  contents: read\n");
    // Another repository's workflow cannot be read: left for a hand edit.
    const remote = adoptMemory(
      {
        ...files,
        ".github/workflows/ci.yml": router.replace(
          "./.github/workflows/release.yml",
          "org/ci/.github/workflows/r.yml@v1",
        ),
      },
      { only: ["ci/permissions"] },
    );
    expect(remote.plan.skipped.map((skip) => skip.reason).join("\n")).toMatch(
      /ci\.yml: job release may need/,
    );
  });

  it("release/tooling: changesets' baseBranch is the branch CI's pushes name, else main", () => {
    const ci = (branches: string) =>
      `on:\n  push:\n    branches: ${branches}\n  pull_request:\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: npm test\n`;
    const baseBranch = (workflow: string | undefined) => {
      const result = adoptMemory(
        workflow === undefined ? foreign : { ...foreign, ".github/workflows/ci.yml": workflow },
        { only: ["release/tooling"] },
      );
      return (JSON.parse(result.after[".changeset/config.json"] ?? "{}") as { baseBranch?: string })
        .baseBranch;
    };
    expect(baseBranch(ci("[master]"))).toBe("master");
    expect(baseBranch(ci("[develop, 'release/*']"))).toBe("develop");
    expect(baseBranch(ci("['v*']"))).toBe("main");
    expect(baseBranch(undefined)).toBe("main");
  });

  it("format and pre-commit fixes use the formatter the repository checks with, not one it merely has", () => {
    const files = {
      ...foreign,
      "package.json": json({
        name: "app",
        scripts: { test: "vitest run" },
        // Prettier is a dependency (a plugin needs it), but dprint formats.
        devDependencies: { dprint: "0.50.0", prettier: "3.6.0", typescript: "5.9.3" },
      }),
      "dprint.json": json({ plugins: [] }),
    };
    const format = adoptMemory(files, { only: ["format/check-in-line"] });
    expect(JSON.parse(format.after["package.json"] ?? "{}")).toMatchObject({
      scripts: { "format:check": "dprint check" },
    });
    expect(format.after[".github/workflows/ci.yml"]).toContain("run: pnpm run format:check");
    const staged = adoptMemory(files, { only: ["pre-commit/staged-checks"] });
    expect(staged.after["lint-staged.config.mjs"]).toBeUndefined();
    expect(staged.plan.skipped.map((skip) => skip.reason).join("\n")).toMatch(
      /formats with dprint/,
    );
  });

  it("ci/timeouts: a GitLab pipeline gets a default timeout", () => {
    const gitlab = "# ours\nstages: [test]\ntest:\n  stage: test\n  script: [npm test]\n";
    const result = adoptMemory(
      { "package.json": json({ name: "app" }), ".gitlab-ci.yml": gitlab },
      { only: ["ci/timeouts"] },
    );
    expect(result.now("ci/timeouts")).toBe("pass");
    expect(result.after[".gitlab-ci.yml"]).toBe(
      "# ours\ndefault:\n  timeout: 30m\n\nstages: [test]\ntest:\n  stage: test\n  script: [npm test]\n",
    );
  });

  it("ci/runs-stations and security/dependency-audit: a GitLab job that installs gets the commands", () => {
    const gitlab = [
      "# ours",
      "image: node:24",
      ".cache: &cache",
      "  cache: { paths: [node_modules] }",
      "stages: [test]",
      "test:",
      "  stage: test",
      "  script:",
      "    - npm ci # install",
      "    - npm test",
      "",
    ].join("\n");
    const files = {
      "package.json": json({
        name: "app",
        scripts: { test: "vitest run" },
        devDependencies: { eslint: "10.15.0", typescript: "5.9.3", vitest: "4.0.0" },
      }),
      "package-lock.json": json({ lockfileVersion: 3 }),
      "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
      "src/index.ts": "export const one = 1;\n",
      ".gitlab-ci.yml": gitlab,
    };
    const result = adoptMemory(files, { only: ["ci/runs-stations", "security/dependency-audit"] });
    expect(result.before("ci/runs-stations")).toBe("fail");
    expect(result.now("ci/runs-stations")).toBe("pass");
    expect(result.before("security/dependency-audit")).toBe("fail");
    expect(result.now("security/dependency-audit")).toBe("pass");
    const after = result.after[".gitlab-ci.yml"] ?? "";
    // What was written stays as it was; the commands follow the job's own.
    expect(after.startsWith(gitlab.trimEnd())).toBe(true);
    expect(after.slice(gitlab.trimEnd().length).split("\n").filter(Boolean)).toEqual([
      "    - npm run lint",
      "    - npm run typecheck",
      "    - npm audit --omit=dev",
    ]);
    expect(result.again.changes).toEqual([]);
  });

  it("ci/runs-stations: a GitLab pipeline whose jobs install nothing is left, with the reason", () => {
    const result = adoptMemory(
      {
        "package.json": json({
          name: "app",
          scripts: { test: "vitest run", lint: "eslint .", typecheck: "tsc --noEmit" },
          devDependencies: { eslint: "10.15.0", typescript: "5.9.3", vitest: "4.0.0" },
        }),
        "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
        "src/index.ts": "export const one = 1;\n",
        ".gitlab-ci.yml": "lint:\n  script:\n    - echo hi\n",
      },
      { only: ["ci/runs-stations"] },
    );
    expect(result.before("ci/runs-stations")).toBe("fail");
    expect(result.after[".gitlab-ci.yml"]).toBe("lint:\n  script:\n    - echo hi\n");
    expect(result.plan.skipped.map((skip) => skip.reason).join(" ")).toContain("GitLab job");
  });

  it("typecheck/strict-flags: a flag the config sets to false itself is the team's choice, left to them", () => {
    const tsconfig =
      '{ "extends": "./base.json", "compilerOptions": { "strict": true, "exactOptionalPropertyTypes": false } }\n';
    const result = adoptMemory(
      { ...foreign, "tsconfig.json": tsconfig, "base.json": "{}\n" },
      { only: ["typecheck/strict-flags"] },
    );
    expect(result.after["tsconfig.json"]).toBe(tsconfig);
    expect(result.plan.skipped[0]?.reason).toMatch(
      /^tsconfig\.json sets "exactOptionalPropertyTypes": false on purpose: turn it on by hand once the code compiles with it, and noUncheckedIndexedAccess/,
    );
  });

  it("typecheck: a tsconfig that extends another preset gets strict and the flags set in place", () => {
    const files = {
      ...foreign,
      "tsconfig.json": '{ "extends": "./base.json" }\n',
      "base.json": "{}\n",
    };
    const result = adoptMemory(files, { only: ["typecheck"] });
    expect(result.now("typecheck/strict")).toBe("pass");
    expect(result.now("typecheck/strict-flags")).toBe("pass");
    expect(JSON.parse(result.after["tsconfig.json"] ?? "{}")).toMatchObject({
      extends: "./base.json",
      compilerOptions: { strict: true, noUncheckedIndexedAccess: true },
    });
  });

  it("pre-commit/staged-checks: a husky hook without lint-staged gets the line that runs it", () => {
    const files = { ...foreign, ".husky/pre-commit": "npm test\n" };
    const result = adoptMemory(files, { only: ["pre-commit"] });
    expect(result.now("pre-commit/staged-checks")).toBe("pass");
    expect(result.after[".husky/pre-commit"]).toBe("npm test\npnpm exec lint-staged\n");
  });

  it("pre-commit: lint-staged runs the repository's own tools, never a preset for tools it lacks", () => {
    const withTools = (devDependencies: Record<string, string>, more: Record<string, string>) => ({
      ...foreign,
      "package.json": json({ name: "app", version: "1.0.0", devDependencies }),
      ...more,
    });
    const biome = adoptMemory(withTools({ "@biomejs/biome": "2.0.0" }, { "biome.json": "{}\n" }), {
      only: ["pre-commit"],
    });
    expect(biome.now("pre-commit/staged-checks")).toBe("pass");
    expect(biome.after["lint-staged.config.mjs"]).toBe(
      '// The pre-commit station: Biome on the staged files.\nexport default {\n  "*": "biome check --write --no-errors-on-unmatched --files-ignore-unknown=true"\n};\n',
    );
    const prettier = adoptMemory(withTools({ prettier: "3.6.0" }, { ".prettierrc": "{}\n" }), {
      only: ["pre-commit"],
    });
    expect(prettier.after["lint-staged.config.mjs"]).toContain(
      '"*": "prettier --write --ignore-unknown"',
    );
    const oxc = adoptMemory(
      withTools({ oxlint: "1.0.0", oxfmt: "0.9.0" }, { ".oxlintrc.json": "{}\n" }),
      { only: ["pre-commit"] },
    );
    expect(oxc.after["lint-staged.config.mjs"]).toBeUndefined();
    expect(oxc.plan.skipped.map((skip) => skip.reason).join(" ")).toContain(
      "the repository lints and formats with oxlint and oxfmt: give lint-staged their commands by hand",
    );
  });

  it("runtime/package-manager: the version npm's lockfile format was written by; none without a lockfile", () => {
    const npm = adoptMemory(
      {
        "package.json": json({ name: "app" }),
        "package-lock.json": '{\n  "lockfileVersion": 3\n}\n',
      },
      { only: ["runtime/package-manager"] },
    );
    expect(JSON.parse(npm.after["package.json"] ?? "{}")).toMatchObject({
      packageManager: "npm@10.9.2",
    });
    const none = adoptMemory(
      { "package.json": json({ name: "app" }) },
      { only: ["runtime/package-manager"] },
    );
    expect(none.plan.skipped[0]?.reason).toMatch(/no lockfile is committed/);
  });

  it("security: no audit step and no security workflow where no lockfile is committed", () => {
    const files = {
      "package.json": json({ name: "app", scripts: { test: "node --test" } }),
      ".npmrc": "package-lock=false\n",
      ".github/workflows/ci.yml": [
        "on: [push]",
        "jobs:",
        "  test:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v5",
        "      - run: npm install",
        "      - run: npm test",
        "",
      ].join("\n"),
    };
    const rules = ["security/dependency-audit", "security/secret-scanning", "security/sast"];
    const none = adoptMemory(files, { only: rules });
    // `npm ci` and `npm audit` fail without package-lock.json: the repository's CI would turn red.
    expect(none.plan.changes).toEqual([]);
    expect(none.plan.skipped.map((skip) => skip.ruleId).sort()).toEqual([...rules].sort());
    for (const skip of none.plan.skipped)
      expect(skip.reason).toMatch(/no lockfile is committed.*`npm ci`.*package-lock\.json/);
    const locked = adoptMemory(
      { ...files, "package-lock.json": json({ lockfileVersion: 3 }) },
      { only: rules },
    );
    expect(locked.after[".github/workflows/ci.yml"]).toContain("run: npm audit --omit=dev");
    expect(locked.after[".github/workflows/security.yml"]).toContain("npm ci");
  });

  it("a file that cannot be parsed is named in the skip, and nothing of that fix is planned", () => {
    const result = adoptMemory(
      { ...foreign, ".github/workflows/ci.yml": "jobs: [\n" },
      { only: ["ci/timeouts", "ci/actions-pinned"] },
    );
    expect(result.plan.changes).toEqual([]);
  });
});

describe("ci/actions-pinned", () => {
  it("claims no fix while an action is not in the preset's table, naming it", () => {
    const workflow =
      "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: 5\n    steps:\n      - uses: actions/checkout@v5\n      - uses: someone/else@v1\n";
    const result = adoptMemory(
      { ...foreign, ".github/workflows/ci.yml": workflow },
      { only: ["ci/actions-pinned"] },
    );
    expect(result.plan.changes).toEqual([]);
    expect(result.plan.skipped[0]?.reason).toMatch(/no pin for someone\/else@v1/);
  });
});

describe("runtime/node-version-pinned", () => {
  it("points the setup-node steps that name no version at .nvmrc, and leaves a matrix's alone", () => {
    const workflow = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: x",
      "    steps:",
      "      - uses: actions/setup-node@v5",
      "      - uses: actions/setup-node@v5",
      "        with:",
      "          cache: npm # ours",
      "      - uses: actions/setup-node@v5",
      "        with:",
      "          node-version: ${{ matrix.node }}",
      "",
    ].join("\n");
    const result = adoptMemory(
      {
        ...foreign,
        "package.json": json({ name: "app", engines: { node: ">=20" } }),
        ".github/workflows/ci.yml": workflow,
      },
      { only: ["runtime/node-version-pinned"] },
    );
    // The newest LTS line `>=20` allows, not its floor.
    expect(result.after[".nvmrc"]).toBe("24\n");
    expect(result.after[".github/workflows/ci.yml"]).toBe(
      workflow
        .replace(
          "      - uses: actions/setup-node@v5\n      - uses",
          "      - uses: actions/setup-node@v5\n        with:\n          node-version-file: .nvmrc\n      - uses",
        )
        .replace("cache: npm # ours\n", "cache: npm # ours\n          node-version-file: .nvmrc\n"),
    );
  });
});

describe("the Node versions adopt writes", () => {
  it(".nvmrc: the newest LTS line up to the road's that engines allows, not the range's floor", () => {
    expect(developmentNode(undefined)).toBe("24");
    expect(developmentNode(">=14.15.0")).toBe("24");
    expect(developmentNode("^12.20.0 || ^14.13.1 || >=16.0.0")).toBe("24");
    expect(developmentNode("^18 || ^20")).toBe("20");
    expect(developmentNode(">=12 <17")).toBe("16");
    expect(developmentNode(">=26")).toBe("26");
  });

  const matrix = (versions: string) =>
    [
      "on: push",
      "jobs:",
      "  test:",
      "    runs-on: x",
      "    strategy:",
      "      matrix:",
      `        node: ${versions}`,
      "    steps:",
      "      - uses: actions/setup-node@v5",
      "        with:",
      "          node-version: ${{ matrix.node }}",
      "      - run: npm test",
      "",
    ].join("\n");
  const published = {
    "package.json": json({ name: "lib", version: "1.0.0", exports: "./index.js" }),
    "package-lock.json": json({ lockfileVersion: 3 }),
    "index.js": "export const one = 1;\n",
  };

  it("engines: the oldest Node CI tests, never the .nvmrc the same plan writes", () => {
    const both = ["runtime/engines", "runtime/node-version-pinned"];
    const enginesOf = (text: string | undefined): unknown =>
      (JSON.parse(text ?? "{}") as { engines?: unknown }).engines;
    const tested = adoptMemory(
      { ...published, ".github/workflows/ci.yml": matrix('["12.20.0", "14.13.1", latest]') },
      { only: both },
    );
    expect(enginesOf(tested.after["package.json"])).toEqual({
      node: ">=12.20.0",
    });
    expect(tested.after[".nvmrc"]).toBe("24\n");
    const majors = adoptMemory(
      { ...published, ".github/workflows/ci.yml": matrix("[22.x, 20, lts/*]") },
      { only: both },
    );
    expect(enginesOf(majors.after["package.json"])).toEqual({ node: ">=20" });
    // No CI: the repository's own pin, else the road's floor.
    const pinned = adoptMemory({ ...published, ".nvmrc": "v18.20.1\n" }, { only: both });
    expect(enginesOf(pinned.after["package.json"])).toEqual({ node: ">=18" });
    const none = adoptMemory(published, { only: both });
    expect(enginesOf(none.after["package.json"])).toEqual({ node: ">=22.12" });
  });
});

describe("choosing the workflow to add a station to", () => {
  it("takes the first workflow with a job that installs the dependencies, not merely the first", () => {
    const bot =
      "on: issues\njobs:\n  label:\n    runs-on: x\n    timeout-minutes: 5\n    steps:\n      - run: echo hi\n";
    const result = adoptMemory(
      { ...foreign, ".github/workflows/a-bot.yml": bot },
      { only: ["security/dependency-audit"] },
    );
    expect(result.after[".github/workflows/a-bot.yml"]).toBe(bot);
    expect(result.after[".github/workflows/ci.yml"]).toContain("run: pnpm audit --prod");
    expect(result.now("security/dependency-audit")).toBe("pass");
  });

  it("takes the line's job: not one that commits fixes back, nor an end-to-end job", () => {
    const autofix = [
      "on: pull_request",
      "jobs:",
      "  autofix:",
      "    runs-on: x",
      "    steps:",
      "      - run: pnpm install",
      "      - run: pnpm lint --fix",
      "      - uses: autofix-ci/action@v1",
      "",
    ].join("\n");
    const ci = [
      "on: [push, pull_request]",
      "jobs:",
      "  e2e:",
      "    runs-on: x",
      "    steps:",
      "      - run: pnpm install",
      "      - run: pnpm e2e",
      "  unit:",
      "    runs-on: x",
      "    strategy:",
      "      matrix:",
      "        node: [20, 22]",
      "    steps:",
      "      - run: pnpm install",
      "      - run: pnpm test",
      "",
    ].join("\n");
    const result = adoptMemory(
      {
        ...foreign,
        ".github/workflows/autofix.yml": autofix,
        ".github/workflows/ci.yml": ci,
      },
      { only: ["security/dependency-audit"] },
    );
    expect(result.after[".github/workflows/autofix.yml"]).toBe(autofix);
    const after = result.after[".github/workflows/ci.yml"] ?? "";
    expect(after.startsWith(ci.trimEnd())).toBe(true);
    expect(after.slice(ci.trimEnd().length)).toMatch(
      /^\n {6}- name: Dependency audit\n {8}run: pnpm audit --prod\n$/,
    );
    // Only a job that commits back installs: nothing is added, and the plan says why.
    const only = adoptMemory(
      { ...foreign, ".github/workflows/ci.yml": autofix },
      { only: ["security/dependency-audit"] },
    );
    expect(only.plan.changes).toEqual([]);
    expect(only.plan.skipped[0]?.reason).toMatch(/commits nothing back/);
  });

  it("counts an install in a local composite action (its inputs' defaults filled), not a global one", () => {
    const ci = [
      "on: push",
      "jobs:",
      "  tools:",
      "    runs-on: x",
      "    steps:",
      "      - run: npm install -g pnpm",
      "      - run: pnpm dlx cowsay hi",
      "  main:",
      "    runs-on: x",
      "    steps:",
      "      - uses: ./.github/actions/setup",
      "      - run: pnpm test",
      "",
    ].join("\n");
    const action = [
      "inputs:",
      "  install-command:",
      "    default: pnpm install --frozen-lockfile",
      "runs:",
      "  using: composite",
      "  steps:",
      "    - run: ${{ inputs.install-command }}",
      "      shell: bash",
      "",
    ].join("\n");
    const result = adoptMemory(
      { ...foreign, ".github/workflows/ci.yml": ci, ".github/actions/setup/action.yml": action },
      { only: ["security/dependency-audit"] },
    );
    expect(result.after[".github/workflows/ci.yml"]).toBe(
      `${ci}      - name: Dependency audit\n        run: pnpm audit --prod\n`,
    );
  });
});

describe("CI fixes where the only CI is CircleCI", () => {
  const files = (steps: string) => ({
    "package.json": json({
      name: "app",
      version: "1.0.0",
      scripts: { lint: "eslint .", test: "vitest run" },
      devDependencies: { eslint: "9.0.0", vitest: "4.0.0", typescript: "5.9.3" },
    }),
    "package-lock.json": json({ lockfileVersion: 3 }),
    "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
    "src/index.ts": "export const one = 1;\n",
    ".circleci/config.yml": [
      "version: 2.1 # ours",
      "jobs:",
      "  test:",
      "    docker: [{ image: cimg/node:22.12 }]",
      steps,
      "  deploy:",
      "    docker: [{ image: cimg/node:22.12 }]",
      "    steps:",
      "      - checkout",
      "      - run: npm ci",
      "      - run: npm publish",
      "",
    ].join("\n"),
  });
  const rules = [
    "ci/runs-stations",
    "security/dependency-audit",
    "security/secret-scanning",
    "security/sast",
  ];
  const block = [
    "    steps:",
    "      - checkout",
    "      - run: npm ci",
    "      - run: npm test",
  ].join("\n");

  it("adds run steps to the job that installs, and writes no GitHub workflow beside it", () => {
    const result = adoptMemory(files(block), { only: rules });
    expect(Object.keys(result.after).filter((path) => path.startsWith(".github/"))).toEqual([]);
    const config = result.after[".circleci/config.yml"] ?? "";
    expect(config).toContain(
      `${block}\n      - run: npm run lint\n      - run: npm run typecheck\n      - run: npm audit --omit=dev\n  deploy:`,
    );
    expect(config.startsWith("version: 2.1 # ours\n")).toBe(true);
    const reasons = new Map(result.plan.skipped.map((skip) => [skip.ruleId, skip.reason]));
    expect([...reasons.keys()].sort()).toEqual(["security/sast", "security/secret-scanning"]);
    expect(reasons.get("security/sast")).toBe(
      "CI runs on CircleCI (.circleci/config.yml), beside which adopt writes no GitHub workflow: add CodeQL to a job there.",
    );
  });

  it("falls back to another job that installs where the line's job writes its steps inline", () => {
    const result = adoptMemory(files("    steps: [checkout, { run: npm ci }, { run: npm test }]"), {
      only: ["security/dependency-audit"],
    });
    // The deploy job installs too, but publishing is no place for the line's checks.
    expect(result.after[".circleci/config.yml"]).toContain(
      "      - run: npm publish\n      - run: npm audit --omit=dev",
    );
  });
});

describe("CI fixes on CircleCI without a job to add to", () => {
  it("names the commands to add, and writes nothing", () => {
    const result = adoptMemory(
      {
        "package.json": json({ name: "app", version: "1.0.0", scripts: { test: "vitest run" } }),
        "package-lock.json": json({ lockfileVersion: 3 }),
        ".circleci/config.yml":
          "version: 2.1\njobs:\n  test:\n    steps: [checkout, { run: npm ci }, { run: npm test }]\n",
      },
      { only: ["security/dependency-audit"] },
    );
    expect(result.plan.changes).toEqual([]);
    expect(result.plan.skipped[0]?.reason).toBe(
      "CI runs on CircleCI (.circleci/config.yml), and no job of it installs the dependencies in block-style steps of its own, where adopt adds `run` steps: add `npm audit --omit=dev` to a job there.",
    );
  });
});

describe("CI fixes where the only CI is Travis CI", () => {
  it("names what to add to a job's script, and writes no .travis.yml edit or GitHub workflow", () => {
    const config = "language: node_js\nnode_js: 22\n";
    const result = adoptMemory(
      {
        "package.json": json({
          name: "app",
          version: "1.0.0",
          scripts: { lint: "eslint .", test: "vitest run" },
          devDependencies: { eslint: "9.0.0", vitest: "4.0.0", typescript: "5.9.3" },
        }),
        "package-lock.json": json({ lockfileVersion: 3 }),
        "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
        "src/index.ts": "export const one = 1;\n",
        ".travis.yml": config,
      },
      { only: ["ci/runs-stations", "security/dependency-audit", "security/sast"] },
    );
    expect(result.plan.changes).toEqual([]);
    expect(result.after[".travis.yml"]).toBe(config);
    const reasons = new Map(result.plan.skipped.map((skip) => [skip.ruleId, skip.reason]));
    expect(reasons.get("ci/runs-stations")).toBe(
      "CI runs on Travis CI (.travis.yml), whose jobs adopt does not edit: add `npm run lint`, `npm run typecheck` to the `script` of a job there.",
    );
    expect(reasons.get("security/dependency-audit")).toBe(
      "CI runs on Travis CI (.travis.yml), whose jobs adopt does not edit: add `npm audit --omit=dev` to the `script` of a job there.",
    );
    expect(reasons.get("security/sast")).toBe(
      "CI runs on Travis CI (.travis.yml), whose jobs adopt does not edit and beside which it writes no GitHub workflow: add CodeQL to the `script` of a job there.",
    );
  });
});

describe("CI fixes where the only CI is Azure Pipelines", () => {
  it("names what to add to a job, and writes no GitHub workflow beside it", () => {
    const result = adoptMemory(
      {
        "package.json": json({ name: "app", version: "1.0.0", scripts: { test: "vitest run" } }),
        "package-lock.json": json({ lockfileVersion: 3 }),
        "azure-pipelines.yml": "steps:\n  - script: npm ci\n  - script: npm test\n",
      },
      { only: ["security/dependency-audit"] },
    );
    expect(result.plan.changes).toEqual([]);
    expect(result.plan.skipped[0]?.reason).toBe(
      "CI runs on Azure Pipelines (azure-pipelines.yml), whose jobs adopt does not edit: add `npm audit --omit=dev` to a `script` step of a job there.",
    );
  });
});

describe("test/runner's fix fits the workspace", () => {
  const workspace = (rootDev: Record<string, string>, own: Record<string, string>) => ({
    "package.json": json({
      name: "root",
      private: true,
      workspaces: ["libs/*"],
      devDependencies: rootDev,
    }),
    "package-lock.json": json({ lockfileVersion: 3 }),
    "libs/ui/package.json": json({ name: "ui", version: "1.0.0" }),
    "libs/ui/src/index.ts": "export const one = 1;\n",
    ...own,
  });
  const fixed = (files: Record<string, string>) => adoptMemory(files, { only: ["test/runner"] });

  it("uses the runner the workspace has, passing with no tests where there are none yet", () => {
    const result = fixed(workspace({ jest: "30.0.0" }, {}));
    expect(result.plan.devDependencies).toEqual([]);
    expect(JSON.parse(result.after["libs/ui/package.json"] ?? "{}")).toMatchObject({
      scripts: { test: "jest --passWithNoTests" },
    });
    expect(result.after["package.json"]).not.toContain("vitest");
  });

  it("adds Vitest where there is no runner, and runs the tests a project has", () => {
    const result = fixed(workspace({}, { "libs/ui/src/index.test.ts": "test('x', () => {});\n" }));
    expect(result.plan.devDependencies).toEqual(["vitest"]);
    expect(JSON.parse(result.after["libs/ui/package.json"] ?? "{}")).toMatchObject({
      scripts: { test: "vitest run" },
    });
  });

  it("refuses a runner that fails without tests, in a project with none", () => {
    const result = fixed(workspace({ mocha: "11.0.0" }, {}));
    expect(result.plan.changes).toEqual([]);
    expect(result.plan.skipped[0]?.reason).toBe(
      "libs/ui has no test file yet, and `mocha` fails without one: write a first test, then adopt again.",
    );
  });
});
