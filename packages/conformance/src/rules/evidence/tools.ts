import type { Tool, ToolStation } from "@paved/stations";
import type { Project } from "../../model.js";
import { findUp, inProject, rootManifest, type RuleContext } from "../define.js";
import { commands } from "./ci.js";
import { toolsRunIn, type ToolCall } from "./commands.js";

/** How a tool was found configured for a project, and the file that says so. */
export interface FoundTool {
  tool: Tool;
  /** `eslint.config.js`, `the "xo" key of package.json`, `the "test" script`. */
  how: string;
  path?: string;
}

/** The manifests whose scripts a project's line runs: its own, and (unless `own`) the root's. */
function lineManifests({ project, projects }: RuleContext, own: boolean): Project[] {
  return project.dir === "" || own ? [project] : [project, ...projects.slice(0, 1)];
}

/**
 * The tool calls a project's scripts make, following the scripts they call through every
 * manifest of the repository, and the calls CI commands make. With `own`, a workspace package's
 * own scripts only: what the root runs is not credited to it.
 */
export function callsOnTheLine(
  context: RuleContext,
  own = false,
): { calls: ToolCall[]; by: string[] } {
  const { index, project } = context;
  const withCi = !own || project.dir === "";
  // Several rules ask for every project: one walk per project and per index.
  return index.derive(`tools:line:${project.dir}:${String(withCi)}`, () => {
    const calls: ToolCall[] = [];
    const by: string[] = [];
    for (const manifest of lineManifests(context, own)) {
      const { calls: own, by: ownBy } = scriptCalls(context, manifest);
      calls.push(...own);
      by.push(...ownBy);
    }
    if (withCi) {
      for (const { call, path } of ciCalls(context)) {
        calls.push(call);
        by.push(`CI (${path})`);
      }
    }
    return { calls, by };
  });
}

/** The tool calls of one project's scripts, once per index. */
function scriptCalls(
  { index, projects }: RuleContext,
  project: Project,
): { calls: ToolCall[]; by: string[] } {
  return index.derive(`tools:scripts:${project.dir}`, () => {
    const calls: ToolCall[] = [];
    const by: string[] = [];
    for (const [name, script] of Object.entries(project.manifest?.scripts ?? {})) {
      for (const call of toolsRunIn(index, projects, script)) {
        calls.push(call);
        by.push(`the "${name}" script of ${inProject(project, "package.json")}`);
      }
    }
    return { calls, by };
  });
}

/** The tool calls of every CI command, once per index. */
function ciCalls({ index, projects }: RuleContext): { call: ToolCall; path: string }[] {
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
  context: RuleContext,
  station: ToolStation,
  tools: readonly Tool[],
): FoundTool | undefined {
  for (const tool of tools) {
    const file = tool.configFiles ? findUp(context, tool.configFiles) : undefined;
    if (file) return { tool, how: file, path: file };
    for (const key of tool.manifestKeys ?? []) {
      if (context.project.manifest?.[key] !== undefined) {
        const path = inProject(context.project, "package.json");
        return { tool, how: `the "${key}" key of ${path}`, path };
      }
      if (rootManifest(context)?.[key] !== undefined)
        return { tool, how: `the "${key}" key of package.json`, path: "package.json" };
    }
  }
  const { calls, by } = callsOnTheLine(context);
  for (const tool of tools.filter((candidate) => candidate.zeroConfig)) {
    const at = calls.findIndex((call) => call.station === station && call.tool.id === tool.id);
    if (at !== -1) return { tool, how: `${by[at] ?? "a script"}, which needs no config` };
  }
  return undefined;
}
