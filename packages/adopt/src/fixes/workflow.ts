import type { RepoIndex } from "@paved/conformance";
import { ciPipelines, Facts, isRecord, type Pipeline } from "@paved/facts";
import { commitBackActions } from "@paved/stations";
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

const installs =
  /\b(npm\s+(ci|install|i)\b|pnpm\s+(install|i)\b|yarn(\s+install)?\s*($|\n|--)|bun\s+install)/;

/** Whether a command installs the project's dependencies (a global install does not). */
const installsDependencies = (run: string): boolean =>
  run
    .split(/&&|\|\||;|\n/)
    .some((part) => installs.test(part) && !/\s(?:-g|--global)(?=\s|$)/.test(part));

/** Commands that commit or push what a job changed (the actions are @paved/stations' `commitBackActions`). */
const commitsBack = /\bgit\s+(?:push|commit)\b/;
/** A run that already checks something (a script or a tool of the line). */
const checks =
  /\b(?:test|lint|typecheck|type-check|check|tsc|vitest|jest|mocha|eslint|biome|prettier)\b/;
/** Jobs and workflows for something other than the line: end-to-end runs, releases, docs. */
const aside = /e2e|release|publish|deploy|docs|bench|nightly|canary|preview/i;

/**
 * The repository's parseable GitHub workflows as the audit read them (its `ci-pipelines`
 * fact, on the index as it was before the plan): jobs with their steps and commands, those of
 * the local composite actions they use followed, `${{ inputs.x }}` filled.
 */
function githubPipelines(index: RepoIndex): Pipeline[] {
  return new Facts(index)
    .get(ciPipelines)
    .filter((pipeline) => pipeline.provider === "github" && pipeline.document.ok);
}

/** A job to add a station's step to: its workflow, and its id there. */
export interface LineJob {
  path: string;
  job: string;
}

/**
 * The job to add a station's step to: one with steps of its own that installs the
 * dependencies (a step there can run package scripts; an install in a local composite action
 * counts) and commits nothing back (a check added after an autofix step runs once the fixes are
 * pushed, and stops nothing). Of those, the one that runs on pushes or pull requests, then one
 * that already runs checks, then one whose name and workflow are not set aside for end-to-end
 * runs, releases or docs, then one without a matrix (which would run the step once per cell);
 * the first in name order of equals.
 */
export function lineJob(index: RepoIndex): LineJob | undefined {
  let best: { found: LineJob; score: number } | undefined;
  for (const pipeline of githubPipelines(index)) {
    const onTheLine = pipeline.triggers.some(
      ({ value }) => value === "push" || value === "pull_request",
    );
    for (const job of pipeline.jobs) {
      // A job that calls a reusable workflow has no steps to add one to.
      if (job.calls !== undefined || !Array.isArray(job.settings["steps"])) continue;
      const runs = job.commands.map(({ value }) => value);
      if (!runs.some(installsDependencies)) continue;
      const uses = job.steps.flatMap((step) => step.uses?.value.split("@")[0] ?? []);
      if (
        runs.some((run) => commitsBack.test(run)) ||
        uses.some((action) => commitBackActions.includes(action))
      )
        continue;
      const score =
        (onTheLine ? 8 : 0) +
        (runs.some((run) => checks.test(run)) ? 4 : 0) +
        (aside.test(job.id) || aside.test(pipeline.path) ? 0 : 2) +
        (isRecord(job.settings["strategy"]) ? 0 : 1);
      if (best === undefined || score > best.score)
        best = { found: { path: pipeline.path, job: job.id }, score };
    }
  }
  return best?.found;
}

/**
 * The branch the workflows' push triggers name most (`on: push: branches: [master]`), a literal
 * name without wildcards; undefined where none names one. A repository whose CI runs on pushes
 * to `master` releases from `master`, not from the road's `main`.
 */
export function pushBranch(index: RepoIndex): string | undefined {
  const counts = new Map<string, number>();
  for (const { document } of githubPipelines(index)) {
    const workflow = document.ok && isRecord(document.value) ? document.value : {};
    // YAML 1.1 readers turn a bare `on` key into `true`.
    const on = workflow["on"] ?? workflow["true"];
    const push = isRecord(on) ? on["push"] : undefined;
    const branches = isRecord(push) ? push["branches"] : undefined;
    for (const name of Array.isArray(branches) ? (branches as unknown[]) : [branches])
      if (typeof name === "string" && /^[\w./-]+$/.test(name))
        counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The job of a parsed workflow with the id `name`. */
export function jobNamed(document: Document.Parsed, name: string): Job | undefined {
  return jobsOf(document).find((job) => job.name === name);
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
  ].some(installsDependencies);
  const candidates = entries(root).flatMap(({ name, pair }) => {
    const script = pairOf(pair.value, "script")?.value;
    if (gitlabKeywords.has(name) || name.startsWith(".") || !isMap(pair.value)) return [];
    if (!isSeq(script) || script.flow === true || script.items.length === 0) return [];
    const own = [...commandsOf(pair.value, "before_script"), ...commandsOf(pair.value, "script")];
    if (!shared && !own.some(installsDependencies)) return [];
    return [{ name, script, parallel: pairOf(pair.value, "parallel") !== undefined }];
  });
  const chosen = candidates.find((job) => !job.parallel) ?? candidates[0];
  return chosen ? { name: chosen.name, script: chosen.script } : undefined;
}

/** CircleCI steps that install the dependencies: the `circleci/node` orb's `install-packages`. */
const installStep = /(?:^|\/)install-packages$/;

/**
 * The CircleCI job to add a station's `run` step to, as `lineJob` chooses a GitHub one: a job of
 * `jobs:` whose own block `steps` install the dependencies (a command, or the node orb's
 * `install-packages`) and commit nothing back; one that already runs checks, then one not set
 * aside for end-to-end runs, releases or docs. A job whose `steps` are an alias (shared with
 * other jobs) or written inline is not edited; undefined where no other job installs.
 */
export function circleciLineJob(index: RepoIndex): LineJob | undefined {
  let best: { found: LineJob; score: number } | undefined;
  const circleci = new Facts(index)
    .get(ciPipelines)
    .filter((pipeline) => pipeline.provider === "circleci" && pipeline.document.ok);
  for (const pipeline of circleci) {
    const text = index.text(pipeline.path);
    if (!text.ok) continue;
    const document = yamlDocument(text.value, pipeline.path);
    for (const job of pipeline.jobs) {
      const own = jobsOf(document).find((candidate) => candidate.name === job.id);
      const steps = own === undefined ? undefined : stepsOf(own);
      if (!isSeq(steps) || steps.flow === true || steps.items.length === 0) continue;
      const runs = job.commands.map(({ value }) => value);
      const installs =
        runs.some(installsDependencies) ||
        job.steps.some((step) => Object.keys(step.settings).some((key) => installStep.test(key)));
      if (!installs || runs.some((run) => commitsBack.test(run))) continue;
      const score = (runs.some((run) => checks.test(run)) ? 4 : 0) + (aside.test(job.id) ? 0 : 2);
      if (best === undefined || score > best.score)
        best = { found: { path: pipeline.path, job: job.id }, score };
    }
  }
  return best?.found;
}
