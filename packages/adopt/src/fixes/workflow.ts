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
