import { formatters, linters, type Tool, type ToolStation } from "@paved/stations";
import { workspace } from "../catalogue.js";
import { toolsRunIn, type ToolCall } from "../commands.js";
import { defineProjectFact, type Facts } from "../facts.js";
import { commands } from "../pipelines.js";
import { findUp, inProject, type Project } from "../project.js";
import { denoConfigOf, denoTasksOf } from "./deno-tasks.js";
import { ownNxTargets, type OwnNxTarget } from "./nx-targets.js";

/** How a tool was found configured for a project, and the file that says so. */
export interface FoundTool {
  tool: Tool;
  /** `eslint.config.js`, `the "xo" key of package.json`, `the "test" script`. */
  how: string;
  path?: string;
}

/** The manifests whose scripts a project's line runs: its own, and (unless `own`) the root's. */
function lineManifests(facts: Facts, project: Project, own: boolean): Project[] {
  return project.dir === "" || own
    ? [project]
    : [project, ...facts.get(workspace).projects.slice(0, 1)];
}

/**
 * The tool calls a project's scripts make, following the scripts they call through every
 * manifest of the repository, and the calls CI commands make. With `own`, a workspace package's
 * own scripts only: what the root runs is not credited to it.
 */
export function callsOnTheLine(
  facts: Facts,
  project: Project,
  own = false,
): { calls: ToolCall[]; by: string[] } {
  const index = facts.files;
  const withCi = !own || project.dir === "";
  // Several rules ask for every project: one walk per project and per index.
  return index.derive(`tools:line:${project.dir}:${String(withCi)}`, () => {
    const calls: ToolCall[] = [];
    const by: string[] = [];
    // What the root or CI runs through Nx targets only some projects have (an inferred `test`
    // where there is a vitest.config) is the root's, not every package's.
    const credited = (call: ToolCall, from: Project) =>
      project.dir === "" || from.dir !== "" || call.projectOnly !== true;
    for (const manifest of lineManifests(facts, project, own)) {
      const { calls: own, by: ownBy } = scriptCalls(facts, manifest);
      own.forEach((call, at) => {
        if (!credited(call, manifest)) return;
        calls.push(call);
        by.push(ownBy[at] ?? "a script");
      });
    }
    if (withCi) {
      for (const { call, path } of ciCalls(facts)) {
        if (project.dir !== "" && call.projectOnly === true) continue;
        calls.push(call);
        by.push(`CI (${path})`);
      }
    }
    return { calls, by };
  });
}

/** The tool calls of one project's scripts, once per index. */
function scriptCalls(facts: Facts, project: Project): { calls: ToolCall[]; by: string[] } {
  const index = facts.files;
  const projects = facts.get(workspace).projects;
  return index.derive(`tools:scripts:${project.dir}`, () => {
    const calls: ToolCall[] = [];
    const by: string[] = [];
    for (const [name, script] of Object.entries(project.manifest?.scripts ?? {})) {
      for (const call of toolsRunIn(index, projects, script)) {
        calls.push(call);
        by.push(`the "${name}" script of ${inProject(project, "package.json")}`);
      }
    }
    // Its own Nx targets that only some projects have (an inferred `test` for its jest.config).
    // They are its alone: the root's are not credited to the packages (`callsOnTheLine`).
    for (const { command, by: target } of ownNxTargets(index, project))
      for (const call of toolsRunIn(index, projects, command)) {
        calls.push({ ...call, projectOnly: true });
        by.push(target);
      }
    const deno = denoConfigOf(index, project);
    for (const [name, task] of Object.entries(denoTasksOf(index, project))) {
      for (const call of toolsRunIn(index, projects, task)) {
        calls.push(call);
        by.push(`the "${name}" task of ${deno ?? "deno.json"}`);
      }
    }
    return { calls, by };
  });
}

/** The tool calls of every CI command, once per index. */
function ciCalls(facts: Facts): { call: ToolCall; path: string }[] {
  const index = facts.files;
  const projects = facts.get(workspace).projects;
  return index.derive("tools:ci-calls", () =>
    commands(index).flatMap((command) =>
      toolsRunIn(index, projects, command.value).map((call) => ({ call, path: command.path })),
    ),
  );
}

/**
 * The first of `tools` configured for the project: a config file in its directory or above, a
 * package.json key (its own or the root's), or, for a tool that needs no config, a call of it
 * from the project's scripts or from CI.
 */
export function configuredTool(
  facts: Facts,
  project: Project,
  station: ToolStation,
  tools: readonly Tool[],
): FoundTool | undefined {
  const root = facts.get(workspace).projects[0]?.manifest;
  for (const tool of tools) {
    const file = tool.configFiles ? findUp(facts.files, project, tool.configFiles) : undefined;
    if (file) return { tool, how: file, path: file };
    for (const key of tool.manifestKeys ?? []) {
      if (project.manifest?.[key] !== undefined) {
        const path = inProject(project, "package.json");
        return { tool, how: `the "${key}" key of ${path}`, path };
      }
      if (root?.[key] !== undefined)
        return { tool, how: `the "${key}" key of package.json`, path: "package.json" };
    }
  }
  const { calls, by } = callsOnTheLine(facts, project);
  for (const tool of tools.filter((candidate) => candidate.zeroConfig)) {
    const at = calls.findIndex((call) => call.station === station && call.tool.id === tool.id);
    if (at !== -1) return { tool, how: `${by[at] ?? "a script"}, which needs no config` };
  }
  return undefined;
}

export const lineToolCalls = defineProjectFact<{ calls: ToolCall[]; by: string[] }>({
  id: "line-tool-calls",
  how: "The tools a project's line calls: each command of its package.json scripts and Deno tasks (deno.json or deno.jsonc `tasks`) and of the root's, and each CI command, split into simple commands and matched against @paved/stations' tool tables (`eslint`, `xo`, `tsd`, `vitest`, `borp`, `prettier --check`, …), following the scripts, Deno tasks and Nx targets they call a few levels deep; each call with the script or CI file it comes from. A project's own Nx targets count too: the target an inference plugin of nx.json gives it for its config file (`@nx/jest/plugin` and its jest.config.ts) and what its project.json targets' executors run; a workspace package is not credited with what the root's scripts or CI run through such targets of other projects (`nx run-many -t test` runs them only where they are).",
  read: (facts, project) => callsOnTheLine(facts, project),
});

export const configuredFormatter = defineProjectFact<FoundTool | undefined>({
  id: "configured-formatter",
  how: "The first formatter of @paved/stations' table (Prettier, Biome, oxfmt, dprint, deno fmt, …) with a config file in the project's directory or above, or a package.json key (the project's or the root's); a formatter that needs no config counts when the line calls it.",
  read: (facts, project) => configuredTool(facts, project, "format", formatters),
});

export const configuredLinter = defineProjectFact<FoundTool | undefined>({
  id: "configured-linter",
  how: "The first linter of @paved/stations' table (ESLint flat or legacy, Biome, oxlint, xo, standard, deno lint) with a config file in the project's directory or above, or a package.json key (the project's or the root's); a linter that needs no config (xo, standard) counts when the line calls it.",
  read: (facts, project) => configuredTool(facts, project, "lint", linters),
});

export const nxProjectTargets = defineProjectFact<readonly OwnNxTarget[]>({
  id: "nx-project-targets",
  how: "Where nx.json exists, the project's own Nx targets that only some projects have, each with the command it runs: the target an inference plugin of nx.json gives it for a config file in its directory, within the plugin's `include` and `exclude` (`@nx/jest/plugin`'s `test` for its jest.config.ts, `@nx/vite/plugin`'s for a vite or vitest config, `@nx/eslint/plugin`'s `lint`), and the targets of its project.json and its package.json `nx.targets` whose executor runs a known tool (`@nx/jest:jest`, `@nx/vite:test`, `@nx/eslint:lint`, …).",
  read: (facts, project) => ownNxTargets(facts.files, project),
});
