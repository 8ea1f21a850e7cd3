// The Nx workspace: the project graph follows package dependencies, so `nx affected` runs the
// stations of exactly the projects a change can break.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** Runs an `nx show` query in this workspace and returns its JSON. */
function nxShow(...args: string[]): unknown {
  const run = spawnSync("nx", ["show", ...args, "--json"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NX_DAEMON: "false", NX_TUI: "false", NX_NO_CLOUD: "true" },
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

function affectedBy(file: string): string[] {
  return (nxShow("projects", "--affected", `--files=${file}`) as string[]).sort();
}

interface ProjectJson {
  targets: Record<string, { cache?: boolean; inputs?: unknown[]; outputs?: string[] }>;
}

function project(name: string): ProjectJson {
  return nxShow("project", name) as ProjectJson;
}

describe("nx affected", () => {
  it("a change to the Prettier preset affects it and the projects that use it, nothing else", () => {
    // The generators check that rendered templates are formatted as the preset formats them;
    // adopt takes the presets' versions from the generators, and the fleet marks what adopt fixes.
    expect(affectedBy("packages/prettier-config/src/index.ts")).toEqual([
      "@paved/adopt",
      "@paved/fleet",
      "@paved/generators",
      "@paved/lint-staged-config",
      "@paved/prettier-config",
      "create-paved",
      "paved",
      "workspace",
    ]);
  });

  it("a change to the tsconfig preset affects every project built with it", () => {
    expect(affectedBy("packages/tsconfig/base.json")).toEqual([
      "@paved/adopt",
      "@paved/ci",
      "@paved/conformance",
      "@paved/delivery",
      "@paved/eslint-config",
      "@paved/facts",
      "@paved/fleet",
      "@paved/fs",
      "@paved/generators",
      "@paved/lint-staged-config",
      "@paved/prettier-config",
      "@paved/stations",
      "@paved/telemetry",
      "@paved/tsconfig",
      "create-paved",
      "paved",
      "workspace",
    ]);
  });

  it("a change to the CLI affects the CLI, create-paved (which runs it) and the workspace checks only", () => {
    expect(affectedBy("packages/cli/src/cli.ts")).toEqual(["create-paved", "paved", "workspace"]);
  });
});

describe("cached targets", () => {
  it("caches every station of every package, builds on production inputs only", () => {
    for (const name of [
      "@paved/eslint-config",
      "@paved/prettier-config",
      "@paved/lint-staged-config",
      "paved",
    ]) {
      const { targets } = project(name);
      for (const target of ["build", "lint", "typecheck", "test", "package-check"]) {
        expect(targets[target]?.cache, `${name}:${target}`).toBe(true);
      }
      expect(targets["build"]?.inputs).toContain("production");
      expect(targets["build"]?.outputs).toEqual(["{projectRoot}/dist"]);
    }
  });
});
