import { imagePublishActions, releaseActions, releaseTools, type Tool } from "@paved/stations";
import type { Project } from "../project.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { toolsRunIn } from "../commands.js";
import { actionsUsed, commands, pipelines, type Pipeline } from "../pipelines.js";
import { isRecord } from "../record.js";

/** What shows that releases are automated, and where. */
export interface ReleaseEvidence {
  message: string;
  path?: string;
  line?: number;
}

/** A release tool's config file or package.json key at the root. */
export function releaseConfig(
  index: RepoIndex,
  root: Project | undefined,
): ReleaseEvidence | undefined {
  for (const tool of releaseTools) {
    const file = index.first(tool.configFiles ?? []);
    if (file) return { message: `${tool.title} is configured (${file}).`, path: file };
    const key = (tool.manifestKeys ?? []).find((name) => root?.manifest?.[name] !== undefined);
    if (key)
      return {
        message: `${tool.title} is configured ("${key}" in package.json).`,
        path: "package.json",
      };
  }
  const deps = { ...root?.manifest?.devDependencies, ...root?.manifest?.dependencies };
  const installed = releaseTools.find(
    (tool) => tool.zeroConfig && tool.packages.some((name) => name in deps),
  );
  if (installed)
    return { message: `${installed.title} is a dependency of the root.`, path: "package.json" };
  if (index.has("nx.json")) {
    const nx = index.json("nx.json");
    if (nx.ok && isRecord(nx.value) && "release" in nx.value)
      return { message: "Nx release is configured.", path: "nx.json" };
  }
  return undefined;
}

/** A package script that calls a release tool (`"release": "np"`); publishing alone does not count. */
export function releaseScript(
  index: RepoIndex,
  projects: readonly Project[],
): ReleaseEvidence | undefined {
  for (const project of projects) {
    for (const [name, script] of Object.entries(project.manifest?.scripts ?? {})) {
      const tool = releaseToolIn(toolsRunIn(index, projects, script).map((call) => call.tool));
      if (tool) {
        const path = project.dir === "" ? "package.json" : `${project.dir}/package.json`;
        return { message: `The "${name}" script of ${path} releases with ${tool.title}.`, path };
      }
    }
  }
  return undefined;
}

function releaseToolIn(tools: readonly Tool[]): Tool | undefined {
  return tools.find((tool) => releaseTools.includes(tool) && !tool.publishOnly);
}

/** A workflow's triggers, by event name, with their settings. */
function triggers(pipeline: Pipeline): Record<string, unknown> {
  const document = pipeline.document.ok ? pipeline.document.value : undefined;
  const on = isRecord(document) ? (document["on"] ?? document["true"]) : undefined;
  if (typeof on === "string") return { [on]: null };
  if (Array.isArray(on))
    return Object.fromEntries(on.filter((item) => typeof item === "string").map((e) => [e, null]));
  return isRecord(on) ? on : {};
}

/** Events that run a workflow from the repository itself, not from a pull request. */
const releaseEvents = new Set(["push", "release", "workflow_dispatch", "workflow_run", "schedule"]);

/**
 * Whether a pipeline can release: GitLab and CircleCI jobs always (they run on pushes); a
 * workflow on a push, release or dispatch.
 */
function releasing(pipeline: Pipeline): boolean {
  if (pipeline.provider !== "github") return true;
  return Object.keys(triggers(pipeline)).some((event) => releaseEvents.has(event));
}

/** A workflow that runs only when a tag is pushed: a release workflow by its trigger. */
function onTagsOnly(pipeline: Pipeline): boolean {
  const on = triggers(pipeline);
  const push = on["push"];
  return (
    Object.keys(on).every((event) => event === "push" || event === "workflow_dispatch") &&
    isRecord(push) &&
    push["tags"] !== undefined &&
    push["branches"] === undefined
  );
}

/**
 * A step of the pipelines that pushes a container image with a publishing action: one whose push
 * input is `true` or an expression (`${{ github.event_name != 'pull_request' }}`), or one that
 * always pushes.
 */
function imagePush(releasers: readonly Pipeline[]): ReleaseEvidence | undefined {
  for (const pipeline of releasers)
    for (const job of pipeline.jobs)
      for (const step of job.steps) {
        const uses = step.uses?.value ?? "";
        const known = imagePublishActions.find(({ action }) => uses.startsWith(`${action}@`));
        if (known === undefined) continue;
        const inputs = step.settings["with"];
        const push =
          known.pushInput === undefined
            ? true
            : isRecord(inputs)
              ? inputs[known.pushInput]
              : undefined;
        if (push === true || push === "true" || (typeof push === "string" && push.includes("${{")))
          return {
            message: `CI publishes a container image with ${known.action}.`,
            path: step.path,
            ...(step.line ? { line: step.line } : {}),
          };
      }
  return undefined;
}

/**
 * A pipeline that publishes (a release tool, `npm publish`, a publish action, a container image
 * pushed) or runs on tags only.
 */
export function releaseWorkflow(
  index: RepoIndex,
  projects: readonly Project[],
): ReleaseEvidence | undefined {
  const byPath = new Map(pipelines(index).map((pipeline) => [pipeline.path, pipeline]));
  const can = (path: string) => {
    const pipeline = byPath.get(path);
    return pipeline !== undefined && releasing(pipeline);
  };
  for (const command of commands(index)) {
    if (!can(command.path)) continue;
    const call = toolsRunIn(index, projects, command.value).find(
      (found) => found.station === "release",
    );
    if (call)
      return {
        message: `CI releases with ${call.tool.title}: \`${command.value.trim()}\`.`,
        path: command.path,
        ...(command.line ? { line: command.line } : {}),
      };
  }
  const action = actionsUsed(index).find(
    (used) => can(used.path) && releaseActions.some((name) => used.value.startsWith(`${name}@`)),
  );
  if (action)
    return {
      message: `CI releases with ${action.value.split("@")[0] ?? action.value}.`,
      path: action.path,
      ...(action.line ? { line: action.line } : {}),
    };
  const image = imagePush([...byPath.values()].filter(releasing));
  if (image) return image;
  const tagged = [...byPath.values()].find(onTagsOnly);
  if (tagged) return { message: `${tagged.path} runs when a tag is pushed.`, path: tagged.path };
  return undefined;
}
