import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import strictFlags from "./strict-flags.js";
import strict from "./strict.js";
import checkInLine from "./check-in-line.js";

const base = { "package.json": manifest({ name: "a" }), "src/index.ts": "export {};\n" };

describe("typecheck/strict", () => {
  it("follows relative extends chains", () => {
    const files = {
      ...base,
      "tsconfig.json": '{ "extends": "./tsconfig.base.json" }',
      "tsconfig.base.json": '{ "compilerOptions": { "strict": true } }',
    };
    expect(outcomes(strict, files)).toEqual(["pass"]);
  });

  it("follows installed package presets through their exports map, reading node_modules as data", () => {
    const files = {
      ...base,
      "tsconfig.json": '{ "extends": "@paved/tsconfig/node" }',
      "node_modules/@paved/tsconfig/package.json": '{ "exports": { "./node": "./node.json" } }',
      "node_modules/@paved/tsconfig/node.json": '{ "extends": "./base.json" }',
      "node_modules/@paved/tsconfig/base.json": '{ "compilerOptions": { "strict": true } }',
    };
    expect(outcomes(strict, files)).toEqual(["pass"]);
  });

  it("knows Paved's own presets without them being installed", () => {
    const files = { ...base, "tsconfig.json": '{ "extends": "@paved/tsconfig/node" }' };
    expect(outcomes(strict, files)).toEqual(["pass"]);
    expect(outcomes(strictFlags, files)).toEqual(["pass"]);
  });

  it("judges the referenced configs of a solution-style tsconfig.json, as create-vite writes it", () => {
    const files = {
      ...base,
      "tsconfig.json":
        '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }, { "path": "./tsconfig.node.json" }] }',
      "tsconfig.app.json": '{ "compilerOptions": { "strict": true } }',
      "tsconfig.node.json": '{ "compilerOptions": { "strict": false } }',
    };
    const verdicts = runRule(strict, files).get(".") ?? [];
    expect(verdicts.map((verdict) => [verdict.location?.path, verdict.outcome])).toEqual([
      ["tsconfig.app.json", "pass"],
      ["tsconfig.node.json", "fail"],
    ]);
  });

  it("judges a package under a root solution config by the references inside it only", () => {
    const files = {
      "package.json": manifest({ workspaces: ["apps/*", "libs/*"] }),
      "tsconfig.json": JSON.stringify({
        files: [],
        references: [{ path: "./apps/web" }, { path: "./libs/ui/tsconfig.lib.json" }],
      }),
      "apps/web/package.json": manifest({ name: "web" }),
      "apps/web/tsconfig.json": '{ "compilerOptions": { "strict": false } }',
      "apps/web/src/a.ts": "export const a = 1;\n",
      "libs/ui/package.json": manifest({ name: "ui" }),
      "libs/ui/tsconfig.lib.json": '{ "compilerOptions": { "strict": true } }',
      "libs/ui/src/b.ts": "export const b = 1;\n",
      "libs/styles/package.json": manifest({ name: "styles" }),
      "libs/styles/main.scss": "a { color: red; }\n",
    };
    const verdicts = runRule(strict, files);
    const seen = (project: string) =>
      verdicts.get(project)?.map((verdict) => [verdict.location?.path, verdict.outcome]);
    expect(seen("libs/ui")).toEqual([["libs/ui/tsconfig.lib.json", "pass"]]);
    // No TypeScript of its own, no config of its own: not blamed for the others' configs.
    expect(verdicts.get("libs/styles")?.map((verdict) => verdict.outcome)).toEqual([
      "not-applicable",
    ]);
    expect(runRule(strictFlags, files).get("libs/styles")?.[0]?.outcome).toBe("not-applicable");
  });

  it("names the chain a strict setting came through", () => {
    const files = {
      ...base,
      "tsconfig.json": '{ "extends": "./a.json" }',
      "a.json": '{ "extends": "./b.json" }',
      "b.json": '{ "compilerOptions": { "strict": true } }',
    };
    expect(runRule(strict, files).get(".")?.[0]?.message).toBe(
      "tsconfig.json is strict (through a.json → b.json).",
    );
  });

  it("knows @tsconfig/strictest without it being installed", () => {
    expect(
      outcomes(strict, {
        ...base,
        "tsconfig.json": '{ "extends": "@tsconfig/strictest/tsconfig.json" }',
      }),
    ).toEqual(["pass"]);
  });

  it("fails when strict is off, or there is no tsconfig for TypeScript sources", () => {
    expect(
      outcomes(strict, { ...base, "tsconfig.json": '{ "compilerOptions": { "strict": false } }' }),
    ).toEqual(["fail"]);
    expect(outcomes(strict, base)).toEqual(["fail"]);
  });

  it("says not-evaluated, naming the file, for an unresolvable preset or an extends loop", () => {
    const missing = runRule(strict, {
      ...base,
      "tsconfig.json": '{ "extends": "@acme/tsconfig" }',
    }).get(".")?.[0];
    expect(missing?.outcome).toBe("not-evaluated");
    expect(missing?.reason).toMatch(
      /tsconfig\.json: extends "@acme\/tsconfig".*install dependencies/,
    );
    const loop = runRule(strict, {
      ...base,
      "tsconfig.json": '{ "extends": "./a.json" }',
      "a.json": '{ "extends": "./tsconfig.json" }',
    }).get(".")?.[0];
    expect(loop?.reason).toMatch(/extends loop/);
  });

  it("says not-evaluated for malformed JSON, with the line", () => {
    const broken = runRule(strict, {
      ...base,
      "tsconfig.json": '{\n  "compilerOptions": {\n    "strict": true,,\n  }\n}',
    }).get(".")?.[0];
    expect(broken?.outcome).toBe("not-evaluated");
    expect(broken?.reason).toMatch(/^tsconfig\.json: invalid JSON at line 3/);
  });
});

describe("typecheck/strict-flags", () => {
  it("passes with every flag and names the missing ones otherwise", () => {
    expect(
      outcomes(strictFlags, {
        ...base,
        "tsconfig.json": '{ "extends": "@tsconfig/strictest/tsconfig.json" }',
      }),
    ).toEqual(["pass"]);
    const partial = runRule(strictFlags, {
      ...base,
      "tsconfig.json": '{ "compilerOptions": { "strict": true, "noImplicitOverride": true } }',
    }).get(".")?.[0];
    expect(partial?.outcome).toBe("fail");
    expect(partial?.message).toContain("noUncheckedIndexedAccess");
    expect(partial?.message).not.toContain("noImplicitOverride");
  });
});

describe("typecheck/check-in-line", () => {
  const workflow = (run: string) =>
    `on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;

  it("passes for tsd type tests run by npm test, with no tsconfig at all", () => {
    const files = {
      "package.json": manifest({ scripts: { test: "xo && ava && tsd" } }),
      "index.js": "export default 1;\n",
      "index.d.ts": "declare const a: number; export default a;\n",
      ".github/workflows/ci.yml": workflow("npm test"),
    };
    expect(outcomes(checkInLine, files)).toEqual(["pass"]);
  });

  it("passes for tsc run straight from a CI job, and for tsc -b through a pretest script", () => {
    const direct = {
      "package.json": manifest({}),
      "src/a.ts": "export const a = 1;\n",
      ".github/workflows/ci.yml": workflow("pnpm tsc --build --pretty"),
    };
    expect(outcomes(checkInLine, direct)).toEqual(["pass"]);
    const pretest = {
      "package.json": manifest({
        scripts: { pretest: "npm run compile", compile: "tsc -b", test: "mocha" },
      }),
      "src/a.ts": "export const a = 1;\n",
      ".github/workflows/ci.yml": workflow("npm test"),
    };
    expect(outcomes(checkInLine, pretest)).toEqual(["pass"]);
  });

  it("follows Nx targets to what they run: inferred by @nx/js/typescript, or set in nx.json and project.json", () => {
    const base = {
      "package.json": manifest({}),
      "src/a.ts": "export const a = 1;\n",
      ".github/workflows/ci.yml": workflow("npx nx run-many -t typecheck"),
    };
    const inferred = { ...base, "nx.json": JSON.stringify({ plugins: ["@nx/js/typescript"] }) };
    expect(outcomes(checkInLine, inferred)).toEqual(["pass"]);
    const defaults = {
      ...base,
      "nx.json": JSON.stringify({
        targetDefaults: {
          typecheck: { executor: "nx:run-commands", options: { command: "vue-tsc" } },
        },
      }),
    };
    expect(outcomes(checkInLine, defaults)).toEqual(["pass"]);
    const projectJson = {
      ...base,
      "nx.json": "{}",
      "project.json": JSON.stringify({ targets: { typecheck: { command: "tsc -p ." } } }),
    };
    expect(outcomes(checkInLine, projectJson)).toEqual(["pass"]);
    expect(outcomes(checkInLine, { ...base, "nx.json": "{}" })).toEqual(["fail"]);
  });

  it("counts a build by @nx/esbuild or @nx/rollup, which type-checks unless skipTypeCheck is set", () => {
    const build = (options: Record<string, unknown>) => ({
      "package.json": manifest({}),
      "src/a.ts": "export const a = 1;\n",
      "nx.json": "{}",
      "project.json": JSON.stringify({
        targets: { build: { executor: "@nx/esbuild:esbuild", options } },
      }),
      ".github/workflows/ci.yml": workflow("npx nx run-many -t build"),
    });
    expect(outcomes(checkInLine, build({ main: "src/a.ts" }))).toEqual(["pass"]);
    expect(outcomes(checkInLine, build({ main: "src/a.ts", skipTypeCheck: true }))).toEqual([
      "fail",
    ]);
    // Nx runs the targets a target depends on first: `build` runs `compile` here.
    const dependent = {
      ...build({}),
      "project.json": JSON.stringify({
        targets: {
          build: { dependsOn: ["^build", { target: "compile" }], command: "echo done" },
          compile: { executor: "@nx/esbuild:esbuild", options: {} },
        },
      }),
    };
    expect(outcomes(checkInLine, dependent)).toEqual(["pass"]);
  });

  it("counts oxlint's --type-check, which reports the compiler's diagnostics, not --type-aware alone", () => {
    const files = (run: string) => ({
      "package.json": manifest({}),
      "src/a.ts": "export const a = 1;\n",
      ".github/workflows/ci.yml": workflow(run),
    });
    expect(outcomes(checkInLine, files("npx oxlint --type-aware --type-check"))).toEqual(["pass"]);
    expect(outcomes(checkInLine, files("npx oxlint --type-aware"))).toEqual(["fail"]);
  });

  it("fails for tsc --noCheck, and names the package manager's command", () => {
    const files = {
      "package.json": manifest({
        packageManager: "pnpm@10.0.0",
        scripts: { build: "tsc --noCheck" },
      }),
      "src/a.ts": "export const a = 1;\n",
      ".github/workflows/ci.yml": workflow("pnpm build"),
    };
    const [verdict] = runRule(checkInLine, files).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.remediation).toContain("`pnpm run typecheck`");
  });
});
