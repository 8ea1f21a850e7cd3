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
