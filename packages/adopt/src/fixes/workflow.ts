import { commitBackActions } from "@paved/stations";
import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import { applySplices, entries, pairOf, type Splice, yamlDocument } from "../edit/yaml.js";
import { EditError } from "../edit/error.js";
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

/** The `run` commands of a list of steps. */
function runsIn(steps: unknown): string[] {
  if (!isSeq(steps)) return [];
  return steps.items.flatMap((step) => {
    const run = pairOf(step, "run")?.value;
    return isScalar(run) && typeof run.value === "string" ? [run.value] : [];
  });
}

/** The `run` commands of a job's steps. */
function runsOf(job: Job): string[] {
  return runsIn(stepsOf(job));
}

/**
 * The `run` commands of the local composite action a step uses (`uses: ./.github/actions/x`,
 * its action.yml's `runs.steps`), one level deep; none for any other action.
 */
function actionRuns(
  files: Workspace,
  { uses, given }: ReturnType<typeof usesOf>[number],
): string[] {
  if (!uses.startsWith("./")) return [];
  const dir = uses.slice(2).replace(/\/+$/, "");
  for (const name of ["action.yml", "action.yaml"]) {
    const path = `${dir}/${name}`;
    const text = files.has(path) ? files.read(path) : undefined;
    if (text === undefined) continue;
    try {
      const action = yamlDocument(text, path).contents;
      // `${{ inputs.x }}` as the step gives it, else the input's default.
      const inputs = new Map(given);
      for (const { name, pair } of entries(pairOf(action, "inputs")?.value)) {
        const fallback = pairOf(pair.value, "default")?.value;
        if (!inputs.has(name) && isScalar(fallback)) inputs.set(name, String(fallback.value));
      }
      return runsIn(pairOf(pairOf(action, "runs")?.value, "steps")?.value).map((run) =>
        run.replace(
          /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g,
          (whole, name: string) => inputs.get(name) ?? whole,
        ),
      );
    } catch (error) {
      if (error instanceof EditError) return [];
      throw error;
    }
  }
  return [];
}

const installs =
  /\b(npm\s+(ci|install|i)\b|pnpm\s+(install|i)\b|yarn(\s+install)?\s*($|\n|--)|bun\s+install)/;

/** The actions a job's steps use, each with its `with:` inputs that are scalars. */
function usesOf(job: Job): { uses: string; given: Map<string, string> }[] {
  const steps = stepsOf(job);
  if (!isSeq(steps)) return [];
  return steps.items.flatMap((step) => {
    const uses = pairOf(step, "uses")?.value;
    if (!isScalar(uses) || typeof uses.value !== "string") return [];
    const given = new Map<string, string>();
    for (const { name, pair } of entries(pairOf(step, "with")?.value))
      if (isScalar(pair.value)) given.set(name, String(pair.value.value));
    return [{ uses: uses.value, given }];
  });
}

/** Whether a command installs the project's dependencies (a global install does not). */
const installsDependencies = (run: string): boolean =>
  run
    .split(/&&|\|\||;|\n/)
    .some((part) => installs.test(part) && !/\s(?:-g|--global)(?=\s|$)/.test(part));

/** The events that start a workflow (`on: push`, `on: [push, pull_request]`, `on: { push: … }`). */
function triggersOf(document: Document.Parsed): string[] {
  const on = pairOf(document.contents, "on")?.value;
  if (isScalar(on)) return [String(on.value)];
  if (isSeq(on)) return on.items.flatMap((item) => (isScalar(item) ? [String(item.value)] : []));
  return entries(on).map(({ name }) => name);
}

/** Commands that commit or push what a job changed (the actions are @paved/stations' `commitBackActions`). */
const commitsBack = /\bgit\s+(?:push|commit)\b/;
/** A run that already checks something (a script or a tool of the line). */
const checks =
  /\b(?:test|lint|typecheck|type-check|check|tsc|vitest|jest|mocha|eslint|biome|prettier)\b/;
/** Jobs and workflows for something other than the line: end-to-end runs, releases, docs. */
const aside = /e2e|release|publish|deploy|docs|bench|nightly|canary|preview/i;

/** A job to add a station's step to: its workflow, and its id there. */
export interface LineJob {
  path: string;
  job: string;
}

/**
 * The job to add a station's step to, among the workflows at `paths`: one that installs the
 * dependencies (a step there can run package scripts) and commits nothing back (a check added
 * after an autofix step runs once the fixes are pushed, and stops nothing). Of those, the one
 * that runs on pushes or pull requests, then one that already runs checks, then one whose
 * name and workflow are not set aside for end-to-end runs, releases or docs, then one without
 * a matrix (which would run the step once per cell); the first in `paths` order of equals.
 */
export function lineJob(files: Workspace, paths: readonly string[]): LineJob | undefined {
  let best: { found: LineJob; score: number } | undefined;
  for (const path of paths) {
    let document: Document.Parsed;
    try {
      document = yamlDocument(files.read(path) ?? "", path);
    } catch (error) {
      if (error instanceof EditError) continue;
      throw error;
    }
    const triggers = triggersOf(document);
    const onTheLine = triggers.includes("push") || triggers.includes("pull_request");
    for (const job of jobsOf(document)) {
      const used = usesOf(job);
      const uses = used.map((step) => step.uses);
      // A job that installs through a local composite action installs too.
      const runs = [...runsOf(job), ...used.flatMap((step) => actionRuns(files, step))];
      if (stepsOf(job) === undefined || !runs.some(installsDependencies)) continue;
      if (
        runs.some((run) => commitsBack.test(run)) ||
        uses.some((used) => commitBackActions.includes(used.split("@")[0] ?? ""))
      )
        continue;
      const score =
        (onTheLine ? 8 : 0) +
        (runs.some((run) => checks.test(run)) ? 4 : 0) +
        (aside.test(job.name) || aside.test(path) ? 0 : 2) +
        (isMap(pairOf(job.node, "strategy")?.value) ? 0 : 1);
      if (best === undefined || score > best.score)
        best = { found: { path, job: job.name }, score };
    }
  }
  return best?.found;
}

/**
 * The branch the workflows' push triggers name most (`on: push: branches: [master]`), a literal
 * name without wildcards; undefined where none names one. A repository whose CI runs on pushes
 * to `master` releases from `master`, not from the road's `main`.
 */
export function pushBranch(files: Workspace, paths: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const path of paths) {
    let document: Document.Parsed;
    try {
      document = yamlDocument(files.read(path) ?? "", path);
    } catch (error) {
      if (error instanceof EditError) continue;
      throw error;
    }
    const push = pairOf(pairOf(document.contents, "on")?.value, "push")?.value;
    const branches = pairOf(push, "branches")?.value;
    const names = isSeq(branches) ? branches.items : [branches];
    for (const item of names) {
      const name = isScalar(item) ? item.value : undefined;
      if (typeof name === "string" && /^[\w./-]+$/.test(name) && !name.includes("*"))
        counts.set(name, (counts.get(name) ?? 0) + 1);
    }
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
