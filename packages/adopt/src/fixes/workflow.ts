import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import { applySplices, entries, pairOf, type Splice, yamlDocument } from "../edit/yaml.js";
import type { Workspace } from "../workspace.js";

/** One GitHub job of a parsed workflow, with its node. */
export interface Job {
  name: string;
  node: Node;
}

export function jobsOf(document: Document.Parsed): Job[] {
  const jobs = pairOf(document.contents, "jobs")?.value;
  return entries(jobs).flatMap(({ name, pair }) =>
    pair.value ? [{ name, node: pair.value }] : [],
  );
}

/** The `steps` list of a job, when it has one in block form. */
export function stepsOf(job: Job): Node | undefined {
  const steps = pairOf(job.node, "steps")?.value;
  return isSeq(steps) ? steps : undefined;
}

/** The `run` commands of a job's steps. */
function runsOf(job: Job): string[] {
  const steps = stepsOf(job);
  if (!isSeq(steps)) return [];
  return steps.items.flatMap((step) => {
    const run = pairOf(step, "run")?.value;
    return isScalar(run) && typeof run.value === "string" ? [run.value] : [];
  });
}

const installs =
  /\b(npm\s+(ci|install|i)\b|pnpm\s+(install|i)\b|yarn(\s+install)?\s*($|\n|--)|bun\s+install)/;

/**
 * The job to add a station's step to: one that installs the dependencies (a step there can run
 * package scripts), preferring one without a matrix, which would run the step once per cell.
 */
export function mainJob(document: Document.Parsed): Job | undefined {
  const candidates = jobsOf(document).filter(
    (job) => stepsOf(job) !== undefined && runsOf(job).some((run) => installs.test(run)),
  );
  const single = candidates.find((job) => !isMap(pairOf(job.node, "strategy")?.value));
  return single ?? candidates[0];
}

/** Edits a workflow through splices computed from its parsed Document. */
export function editWorkflow(
  files: Workspace,
  path: string,
  splices: (text: string, document: Document.Parsed) => Splice[],
): void {
  files.edit(path, (text) => applySplices(text, splices(text, yamlDocument(text, path))));
}

/** Top-level keys of a GitLab pipeline that are not jobs. */
const gitlabKeywords = new Set([
  "stages",
  "variables",
  "default",
  "include",
  "workflow",
  "image",
  "services",
  "before_script",
  "after_script",
  "cache",
  "spec",
]);

/** The scalar commands of a GitLab `script`-like key: a block list or one string. */
function commandsOf(node: unknown, key: string): string[] {
  const value = pairOf(node, key)?.value;
  if (isScalar(value) && typeof value.value === "string") return [value.value];
  if (!isSeq(value)) return [];
  return value.items.flatMap((item) =>
    isScalar(item) && typeof item.value === "string" ? [item.value] : [],
  );
}

/** A GitLab job with the `script` list a station's command can be appended to. */
export interface GitlabJob {
  name: string;
  script: Node;
}

/**
 * The GitLab job to add a station's command to: one whose `script` is a block list and that
 * installs the dependencies (in its own `before_script` or `script`, or in the pipeline's or
 * `default:`'s `before_script`), preferring one that is not run in parallel. Hidden jobs
 * (`.template`) are templates, not jobs.
 */
export function gitlabMainJob(document: Document.Parsed): GitlabJob | undefined {
  const root = document.contents;
  const shared = [
    ...commandsOf(root, "before_script"),
    ...commandsOf(pairOf(root, "default")?.value, "before_script"),
  ].some((command) => installs.test(command));
  const candidates = entries(root).flatMap(({ name, pair }) => {
    const script = pairOf(pair.value, "script")?.value;
    if (gitlabKeywords.has(name) || name.startsWith(".") || !isMap(pair.value)) return [];
    if (!isSeq(script) || script.flow === true || script.items.length === 0) return [];
    const own = [...commandsOf(pair.value, "before_script"), ...commandsOf(pair.value, "script")];
    if (!shared && !own.some((command) => installs.test(command))) return [];
    return [{ name, script, parallel: pairOf(pair.value, "parallel") !== undefined }];
  });
  const chosen = candidates.find((job) => !job.parallel) ?? candidates[0];
  return chosen ? { name: chosen.name, script: chosen.script } : undefined;
}
