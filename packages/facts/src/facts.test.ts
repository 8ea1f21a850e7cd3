import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { renderPipeline, pipelineInputs } from "@paved/ci";
import { afterAll, describe, expect, it } from "vitest";
import {
  ciActions,
  ciCommands,
  ciPipelines,
  ciStations,
  eslintFlatConfig,
  pavedConfig,
  sources,
  tsconfig,
  typeScriptSources,
  workspace,
} from "./catalogue.js";
import { Facts } from "./facts.js";
import { brokenPipelines } from "./pipelines.js";
import { findUp } from "./project.js";
import { combineListings, startGitListing } from "./repo/git-listing.js";
import { indexDirectory, indexMemory } from "./repo/repo-index.js";
import { expectedRendering, renderedPipelines, renderer } from "./rendered.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-facts-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function onDisk(name: string, files: Record<string, string>, git: boolean): string {
  const dir = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (git) {
    const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
    spawnSync("git", ["init", "-q", "-b", "main"], { cwd: dir, env });
    spawnSync("git", ["add", "-A"], { cwd: dir, env });
  }
  return dir;
}

const tree = {
  "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"] }),
  ".gitignore": "out/\n",
  "out/ignored.json": "{}",
  "packages/a/package.json": JSON.stringify({ name: "a", dependencies: { fastify: "5" } }),
  "packages/a/src/main.ts": "",
  "packages/b/package.json": JSON.stringify({ name: "b" }),
  "packages/b/index.js": "",
};

describe("the listing", () => {
  it("lists a git checkout with git (ignored files left out), and walks a plain directory alike", () => {
    const git = indexDirectory(onDisk("git", tree, true));
    const walked = indexDirectory(onDisk("walk", tree, false));
    expect(git.method).toBe("git");
    expect(walked.method).toBe("walk");
    expect(git.files).toEqual(walked.files);
    expect(git.files).not.toContain("out/ignored.json");
    expect(git.files).toContain("packages/a/src/main.ts");
  });

  it("takes a listing started in the background as its own", async () => {
    const dir = onDisk("prelisted", tree, true);
    writeFileSync(join(dir, "new.txt"), "");
    const listing = startGitListing(dir);
    const [tracked, untracked] = [await listing.tracked, await listing.untracked];
    if (!tracked?.ok || !untracked?.ok) throw new Error("git could not list the checkout");
    const given = indexDirectory(dir, { gitFiles: combineListings(tracked, untracked) });
    expect(given.files).toEqual(indexDirectory(dir).files);
    expect(given.files).toContain("new.txt");
  });

  it("does not follow a link out of the directory", () => {
    const dir = onDisk("linked", { "package.json": "{}" }, false);
    symlinkSync("/etc", join(dir, "etc"));
    const index = indexDirectory(dir);
    expect(index.files.some((file) => file.startsWith("etc/"))).toBe(false);
  });
});

describe("facts", () => {
  const workflow = `on:
  push:
  pull_request:
permissions: {}
jobs:
  line:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        task: [lint, test]
    steps:
      - uses: actions/checkout@v4
      - run: pnpm \${{ matrix.task }}
  reuse:
    uses: ./.github/workflows/other.yml
`;
  const files = {
    ...tree,
    "package.json": JSON.stringify({
      name: "root",
      private: true,
      workspaces: ["packages/*"],
      scripts: { lint: "eslint .", test: "vitest run" },
    }),
    "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true } }),
    "eslint.config.js": 'import paved from "@paved/eslint-config";\nexport default paved();\n',
    "paved.config.json": '{ "minScore": 80 }',
    ".github/workflows/ci.yml": workflow,
    ".gitlab-ci.yml":
      ".base:\n  before_script:\n    - npm ci\ntest:\n  extends: .base\n  script:\n    - npm test\n",
  };
  const facts = new Facts(indexMemory(files));
  const [root, a, b] = facts.get(workspace).projects;

  it("reads the workspace: the root, then each package with its role", () => {
    expect(facts.get(workspace).projects.map((project) => [project.dir, project.kinds])).toEqual([
      ["", ["workspace-root"]],
      ["packages/a", ["service"]],
      ["packages/b", ["library"]],
    ]);
  });

  it("models pipelines: triggers, jobs and steps at their lines, commands with the matrix expanded", () => {
    const [github, gitlab] = facts.get(ciPipelines);
    expect(github?.triggers.map((trigger) => [trigger.value, trigger.line])).toEqual([
      ["push", 2],
      ["pull_request", 3],
    ]);
    expect(github?.jobs.map((job) => [job.id, job.line])).toEqual([
      ["line", 6],
      ["reuse", 14],
    ]);
    expect(github?.lineOf("permissions")).toBe(4);
    expect(
      gitlab?.jobs.map((job) => job.commands.map((command) => [command.value, command.line])),
    ).toEqual([
      [
        ["npm ci", 4],
        ["npm test", 7],
      ],
    ]);
    expect(
      facts
        .get(ciCommands)
        .filter((command) => command.path.startsWith(".github"))
        .map((command) => [command.value, command.line]),
    ).toEqual([
      ["pnpm lint", 13],
      ["pnpm test", 13],
    ]);
    expect(facts.get(ciActions).map((action) => [action.value, action.line])).toEqual([
      ["actions/checkout@v4", 12],
      ["./.github/workflows/other.yml", 15],
    ]);
    expect(new Set(facts.get(ciStations).keys())).toEqual(new Set(["lint", "test"]));
    expect(brokenPipelines(facts.files)).toEqual([]);
  });

  it("reads project facts: sources, the tsconfig chain, the ESLint config, paved.config.json", () => {
    if (!root || !a || !b) throw new Error("no projects");
    expect(facts.of(typeScriptSources, a)).toEqual(["packages/a/src/main.ts"]);
    expect(facts.of(sources, b)).toEqual(["packages/b/index.js"]);
    // A JavaScript package's declarations and type tests are no TypeScript sources of it.
    const typed = new Facts(
      indexMemory({
        "package.json": "{}",
        "index.js": "",
        "index.d.ts": "",
        "index.d.mts": "",
        "index.test-d.ts": "",
        "test-d/api.ts": "",
        "test/types/instance.tst.ts": "",
        "test/types/index.ts": "",
        "test/types.ts": "",
      }),
    );
    const only = typed.get(workspace).projects[0];
    if (!only) throw new Error("no root");
    expect(typed.of(typeScriptSources, only)).toEqual(["test/types.ts"]);
    expect(facts.of(tsconfig, a)).toEqual({
      path: "tsconfig.json",
      compiling: [
        {
          path: "tsconfig.json",
          options: { ok: true, options: { strict: true }, chain: ["tsconfig.json"] },
        },
      ],
    });
    expect(facts.of(eslintFlatConfig, b)).toMatchObject({ path: "eslint.config.js", ok: true });
    expect(facts.get(pavedConfig)).toEqual({
      path: "paved.config.json",
      text: { ok: true, value: '{ "minScore": 80 }' },
    });
    expect(findUp(facts.files, b, ["eslint.config.js"])).toBe("eslint.config.js");
  });

  it("computes a fact once, and takes a fed fact instead of computing it", () => {
    expect(facts.get(ciPipelines)).toBe(facts.get(ciPipelines));
    const fed = new Facts(indexMemory(files), [[ciActions, []]]);
    expect(fed.get(ciActions)).toEqual([]);
    expect(fed.get(ciCommands).length).toBeGreaterThan(0);
  });

  it("finds the pipelines paved ci rendered, and what it would render now", () => {
    const manifest = JSON.stringify({
      name: "svc",
      scripts: { lint: "eslint .", test: "vitest run" },
    });
    const { inputs } = pipelineInputs(
      (path) => (path === "package.json" ? manifest : undefined),
      () => false,
      JSON.parse(manifest) as Record<string, unknown>,
    );
    const rendered = renderPipeline("github", inputs, renderer);
    const [path, text] = [...rendered.files][0] ?? ["", ""];
    const repo = new Facts(indexMemory({ "package.json": manifest, [path]: text }));
    expect(repo.get(renderedPipelines).map((file) => [file.path, file.version])).toEqual([
      [path, renderer],
    ]);
    const again = expectedRendering(repo, "github");
    expect("files" in again && again.files.get(path)).toBe(text);
    expect(expectedRendering(new Facts(indexMemory({})), "github")).toEqual({
      problem: "no package.json to render from",
    });
  });
});

describe("reusable workflows", () => {
  const runner = `on:
  workflow_call:
    inputs:
      npm-script:
        required: true
        type: string
      flags:
        type: string
        default: --silent
jobs:
  script:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [20, 22]
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm run \${{ inputs.npm-script }} \${{ inputs.flags }} -- --node=\${{ matrix.node }}
`;
  const caller = `on: push
jobs:
  format:
    uses: ./.github/workflows/npm-script.yml
    with:
      npm-script: format:check
  parts:
    uses: ./.github/workflows/npm-script.yml
    strategy:
      matrix:
        part: [unit, e2e]
    with:
      npm-script: test:\${{ matrix.part }}
      flags: ""
  remote:
    uses: octo/shared/.github/workflows/lint.yml@v1
`;
  const manifest = JSON.stringify({
    name: "root",
    scripts: { "format:check": "prettier --check .", "test:unit": "vitest run" },
  });

  it("runs the called workflow's steps with the caller's inputs, at the called file's lines", () => {
    const facts = new Facts(
      indexMemory({
        "package.json": manifest,
        ".github/workflows/ci.yml": caller,
        ".github/workflows/npm-script.yml": runner,
      }),
    );
    const ci = facts.get(ciPipelines).find((pipeline) => pipeline.path.endsWith("ci.yml"));
    const [format, parts, remote] = ci?.jobs ?? [];
    expect(format?.calls).toBe(".github/workflows/npm-script.yml");
    expect(format?.steps.map((step) => [step.path, step.line, step.run?.value])).toEqual([
      [".github/workflows/npm-script.yml", 17, undefined],
      [".github/workflows/npm-script.yml", 18, "npm ci"],
      [
        ".github/workflows/npm-script.yml",
        19,
        "npm run format:check --silent -- --node=${{ matrix.node }}",
      ],
    ]);
    expect(remote?.calls).toBeUndefined();
    expect(remote?.steps).toEqual([]);
    const called = facts
      .get(ciCommands)
      .filter((command) => command.path.endsWith("npm-script.yml") && command.line === 19)
      .map((command) => command.value);
    // The called job's matrix is expanded in the call, the caller's after it.
    expect(called).toEqual([
      "npm run format:check --silent -- --node=20",
      "npm run format:check --silent -- --node=22",
      "npm run test:unit  -- --node=20",
      "npm run test:e2e  -- --node=20",
      "npm run test:unit  -- --node=22",
      "npm run test:e2e  -- --node=22",
      // The called file's own job, unfilled.
      "npm run ${{ inputs.npm-script }} ${{ inputs.flags }} -- --node=20",
      "npm run ${{ inputs.npm-script }} ${{ inputs.flags }} -- --node=22",
    ]);
    expect(parts?.commands.map((command) => command.value)).toEqual([
      "npm ci",
      "npm run test:${{ matrix.part }}  -- --node=20",
      "npm run test:${{ matrix.part }}  -- --node=22",
    ]);
    expect([...facts.get(ciStations).keys()].sort()).toEqual(["format", "test"]);
    // The called file's actions are counted once, in their own file.
    expect(facts.get(ciActions).map((action) => [action.path, action.value])).toEqual([
      [".github/workflows/ci.yml", "./.github/workflows/npm-script.yml"],
      [".github/workflows/ci.yml", "./.github/workflows/npm-script.yml"],
      [".github/workflows/ci.yml", "octo/shared/.github/workflows/lint.yml@v1"],
      [".github/workflows/npm-script.yml", "actions/checkout@v4"],
    ]);
  });

  it("passes inputs through nested calls, and leaves an input nobody gave empty", () => {
    const outer = `on:
  workflow_call:
    inputs:
      task: { type: string }
jobs:
  inner:
    uses: ./.github/workflows/inner.yml
    with:
      script: lint:\${{ inputs.task }}
`;
    const inner = `on: [workflow_call]
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: npm run \${{ inputs.script }}\${{ inputs.task }}
`;
    const facts = new Facts(
      indexMemory({
        ".github/workflows/ci.yml":
          "on: push\njobs:\n  go:\n    uses: ./.github/workflows/outer.yml\n    with:\n      task: js\n",
        ".github/workflows/outer.yml": outer,
        ".github/workflows/inner.yml": inner,
      }),
    );
    const go = facts.get(ciPipelines)[0]?.jobs[0];
    expect(go?.commands.map((command) => [command.path, command.line, command.value])).toEqual([
      [".github/workflows/inner.yml", 6, "npm run lint:js"],
    ]);
  });

  it("refuses cycles, deep chains, files outside the workflows folder and workflows that cannot be called", () => {
    const calls = (target: string) =>
      `on: [push, workflow_call]\njobs:\n  next:\n    uses: ${target}\n  own:\n    runs-on: x\n    steps:\n      - run: echo here\n`;
    const chain: Record<string, string> = {};
    for (let i = 0; i < 14; i += 1)
      chain[`.github/workflows/w${String(i)}.yml`] = calls(
        `./.github/workflows/w${String(i + 1)}.yml`,
      );
    const facts = new Facts(
      indexMemory({
        ...chain,
        ".github/workflows/a.yml": calls("./.github/workflows/b.yml"),
        ".github/workflows/b.yml": calls("./.github/workflows/a.yml"),
        ".github/workflows/up.yml": calls("./.github/workflows/../../x.yml"),
        ".github/workflows/push.yml": calls("./.github/workflows/plain.yml"),
        ".github/workflows/plain.yml":
          "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo plain\n",
        "x.yml": calls("./.github/workflows/a.yml"),
      }),
    );
    const byPath = new Map(facts.get(ciPipelines).map((pipeline) => [pipeline.path, pipeline]));
    // Each workflow read adds its own `echo here` beside the calls below it.
    const depth = (path: string) =>
      byPath.get(path)?.jobs[0]?.commands.filter((command) => command.value === "echo here").length;
    // a → b → (a again: opaque): b's own step only.
    expect(byPath.get(".github/workflows/a.yml")?.jobs[0]?.commands.map((c) => c.path)).toEqual([
      ".github/workflows/b.yml",
    ]);
    // w0 calls w1 … w9 (GitHub's ten levels); w10 onwards is not read from w0.
    expect(depth(".github/workflows/w0.yml")).toBe(9);
    expect(byPath.get(".github/workflows/up.yml")?.jobs[0]?.calls).toBeUndefined();
    expect(byPath.get(".github/workflows/push.yml")?.jobs[0]?.calls).toBeUndefined();
  });
});
