import { commandInputActions } from "@paved/stations";
import { type AzureLoad, azureJobsOf, azureNodeVersions, azureTemplates } from "./azure.js";
import { circleciImages, circleciJobsOf } from "./circleci.js";
import { expandPlaceholders } from "./expand.js";
import { isRecord } from "./record.js";
import { travisDefaults, travisJobsOf, travisNodeVersions } from "./travis.js";
import type { RepoIndex } from "./repo/repo-index.js";

/** A value found in a pipeline, and where: the line of its key or entry. */
export interface Located<T> {
  path: string;
  line: number | undefined;
  value: T;
}

/** One step of a GitHub job, where it is, and what it runs or uses. */
export interface PipelineStep {
  /** Its file: the workflow's own, or the reusable workflow a job calls. */
  path: string;
  /** Its line: the `- ` of the entry. */
  line: number | undefined;
  settings: Record<string, unknown>;
  run?: Located<string>;
  uses?: Located<string>;
  /**
   * Shell commands the step gives an action that runs them (`nick-fields/retry`'s `command`,
   * @paved/stations' `commandInputActions`), each at the line of its input.
   */
  inputCommands?: Located<string>[];
}

/** One job: its id, the line of its key, its settings (GitLab's with `extends` merged in). */
export interface PipelineJob {
  id: string;
  line: number | undefined;
  settings: Record<string, unknown>;
  /**
   * GitHub steps, `parallel:` groups flattened; none on GitLab. A job that calls a local
   * reusable workflow has that workflow's jobs' steps, at their lines in the called file.
   */
  steps: PipelineStep[];
  /**
   * The shell commands it runs: GitHub `run:` steps, GitLab `before_script`, `script`,
   * `after_script`, CircleCI `run` steps, Travis phases (`install`, `script`, …), Azure script
   * steps and `Npm@1`, `Bash@3`, `CmdLine@2` tasks. Those of a called workflow have its
   * `${{ inputs.x }}` filled and its jobs' matrices expanded.
   */
  commands: Located<string>[];
  /** The local reusable workflow the job calls (`uses: ./.github/workflows/x.yml`), when read. */
  calls?: string;
}

export interface Pipeline {
  path: string;
  provider: "github" | "gitlab" | "circleci" | "travis" | "azure";
  /** The parsed file, or why it could not be parsed. */
  document: { ok: true; value: unknown } | { ok: false; problem: string };
  /** What starts it (GitHub's `on:`), each at the line of its key; none on the other providers. */
  triggers: Located<string>[];
  /** Its jobs, in file order; none when it could not be parsed. */
  jobs: PipelineJob[];
  /** The line of a top-level key (`permissions`, `on`), when the file has it. */
  lineOf(key: string): number | undefined;
}

/**
 * The repository's CI pipelines as a typed model: GitHub workflows (`.github/workflows/*.yml`),
 * GitLab CI (`.gitlab-ci.yml`), CircleCI (`.circleci/config.yml`), Travis CI (`.travis.yml`) and
 * Azure Pipelines (`azure-pipelines.yml`), each job and step at the line of its own key or
 * entry, read from the YAML's positions, not by searching the text.
 */
export function pipelines(index: RepoIndex): Pipeline[] {
  return index.derive("ci:pipelines", () => findPipelines(index));
}

function findPipelines(index: RepoIndex): Pipeline[] {
  const github = index
    .glob(".github/workflows/*.{yml,yaml}")
    .map((path) => pipelineOf(index, path, "github"));
  const gitlab = index.glob(".gitlab-ci.yml").map((path) => pipelineOf(index, path, "gitlab"));
  // CircleCI reads config.yml, and config.yaml only where there is no config.yml.
  const circleci = index.first(circleciConfigs);
  const azure = index.first(azureConfigs);
  return [
    ...github,
    ...gitlab,
    ...(circleci === undefined ? [] : [pipelineOf(index, circleci, "circleci")]),
    ...(index.has(travisConfig) ? [pipelineOf(index, travisConfig, "travis")] : []),
    ...(azure === undefined ? [] : [pipelineOf(index, azure, "azure")]),
  ];
}

/** CircleCI's config files, in the order CircleCI looks for them. */
const circleciConfigs = [".circleci/config.yml", ".circleci/config.yaml"];

/** Travis CI's config file. */
const travisConfig = ".travis.yml";

/** Azure Pipelines' files at the root: the name a new pipeline looks for, and its hidden form. */
const azureConfigs = [
  "azure-pipelines.yml",
  "azure-pipelines.yaml",
  ".azure-pipelines.yml",
  ".azure-pipelines.yaml",
];

function pipelineOf(index: RepoIndex, path: string, provider: Pipeline["provider"]): Pipeline {
  const document = index.yaml(path);
  const at = (steps: readonly (string | number)[]) => index.yamlLine(path, steps);
  const value = document.ok ? document.value : undefined;
  let jobs: PipelineJob[] | undefined;
  let triggerList: Located<string>[] | undefined;
  return {
    path,
    provider,
    document,
    // Worked out on first use: most rules ask for a few of these, and never for all.
    get jobs() {
      jobs ??= jobsOf(index, path, provider, value, at);
      return jobs;
    },
    get triggers() {
      triggerList ??= provider === "github" ? triggersOf(path, value, at) : [];
      return triggerList;
    },
    lineOf: (key) => at([key]),
  };
}

type LineAt = (steps: readonly (string | number)[]) => number | undefined;

/** A pipeline's jobs, read as its provider writes them. */
function jobsOf(
  index: RepoIndex,
  path: string,
  provider: Pipeline["provider"],
  value: unknown,
  at: LineAt,
): PipelineJob[] {
  switch (provider) {
    case "github":
      return githubJobsOf(index, path, value, [path]);
    case "gitlab":
      return gitlabJobsOf(path, value, at);
    case "circleci":
      return circleciJobsOf(path, value, at);
    case "travis":
      return travisJobsOf(
        path,
        value,
        at,
        travisDefaults((file) => index.has(file)),
      );
    case "azure":
      return azureJobsOf(path, value, at, azureLoad(index));
  }
}

/** Reads an Azure template of the repository, as the pipeline's own file is read. */
const azureLoad =
  (index: RepoIndex): AzureLoad =>
  (file) => {
    if (!index.has(file)) return undefined;
    const document = index.yaml(file);
    return document.ok
      ? { value: document.value, at: (steps) => index.yamlLine(file, steps) }
      : undefined;
  };

/** The events of GitHub's `on:` (a name, a list of names, or a mapping of names). */
function triggersOf(path: string, document: unknown, at: LineAt): Located<string>[] {
  if (!isRecord(document)) return [];
  // YAML 1.1 readers turn a bare `on` key into `true`.
  const key = document["on"] !== undefined ? "on" : "true";
  const on = document[key];
  const names =
    typeof on === "string"
      ? [on]
      : Array.isArray(on)
        ? on.filter((item): item is string => typeof item === "string")
        : isRecord(on)
          ? Object.keys(on)
          : [];
  return names.map((name, i) => ({
    path,
    line: at(typeof on === "string" ? [key] : [key, Array.isArray(on) ? i : name]),
    value: name,
  }));
}

/**
 * A workflow's jobs. `calling` is the chain of workflows being read, this one last: a job that
 * calls one of them again (a cycle) or calls deeper than GitHub allows stays opaque.
 */
function githubJobsOf(
  index: RepoIndex,
  path: string,
  document: unknown,
  calling: readonly string[],
): PipelineJob[] {
  const at: LineAt = (steps) => index.yamlLine(path, steps);
  return githubJobs(document).map(([id, settings]): PipelineJob => {
    const line = at(["jobs", id]);
    const called = calledWorkflow(index, settings, calling);
    if (called) return { id, line, settings, ...called };
    const steps = withCompositeSteps(index, githubStepsOf(path, id, settings, at), []);
    return { id, line, settings, steps, commands: steps.flatMap(stepCommands) };
  });
}

function githubStepsOf(
  path: string,
  id: string,
  settings: Record<string, unknown>,
  at: LineAt,
): PipelineStep[] {
  const defaults = settings["defaults"];
  const jobDir =
    isRecord(defaults) && isRecord(defaults["run"])
      ? defaults["run"]["working-directory"]
      : undefined;
  return githubStepPaths(id, settings).map(({ step, steps: where }): PipelineStep => {
    const located = (key: string): Located<string> | undefined =>
      typeof step[key] === "string"
        ? { path, line: at([...where, key]), value: step[key] }
        : undefined;
    const run = inDirectory(located("run"), step["working-directory"] ?? jobDir);
    const uses = located("uses");
    const given = inputCommands(step, uses?.value, (input) => at([...where, "with", input]));
    return {
      path,
      line: at(where),
      settings: step,
      ...(run ? { run } : {}),
      ...(uses ? { uses } : {}),
      ...(given.length > 0 ? { inputCommands: given.map((c) => ({ path, ...c })) } : {}),
    };
  });
}

/** @paved/stations' actions that run commands given as inputs, by name: asked for every step. */
const commandInputsOf = new Map(commandInputActions.map((known) => [known.action, known]));

/** A step's shell commands: its `run:`, and those it gives an action that runs them. */
const stepCommands = (step: PipelineStep): Located<string>[] => [
  ...(step.run ? [step.run] : []),
  ...(step.inputCommands ?? []),
];

/**
 * The commands a step gives an action that runs them (`commandInputActions`), with the line of
 * each input and its value as the action runs it (`yarn <cmd>` for `borales/actions-yarn`).
 */
function inputCommands(
  step: Record<string, unknown>,
  uses: string | undefined,
  line: (input: string) => number | undefined,
  fill: (value: string) => string = (value) => value,
): { line: number | undefined; value: string }[] {
  const action = commandInputsOf.get(uses?.trim().split("@")[0] ?? "");
  const settings = step["with"];
  if (action === undefined || !isRecord(settings)) return [];
  return action.inputs.flatMap((input) => {
    const value = settings[input];
    if (typeof value !== "string" || value.trim() === "") return [];
    return [{ line: line(input), value: `${action.prefix ?? ""}${fill(value)}` }];
  });
}

/**
 * A `run:` in the `working-directory` its step (or its job's `defaults.run`) gives, as the
 * command that changes into it first: `cd test/webpack && npm test` runs that directory's
 * scripts, not the root's. The root itself, or a directory given by an expression, leaves the
 * command as it is.
 */
function inDirectory(run: Located<string> | undefined, dir: unknown): Located<string> | undefined {
  if (run === undefined || typeof dir !== "string") return run;
  const plain = dir.trim().replace(/^\.\//, "").replace(/\/+$/, "");
  if (plain === "" || plain === "." || plain.includes("${{") || /\s/.test(plain)) return run;
  return { ...run, value: `cd ${plain} && ${run.value}` };
}

/** `./.github/actions/setup`: an action in the same repository (not a reusable workflow). */
const localAction = /^\.\/((?:[\w.-]+\/)*[\w.-]+?)\/?$/;

/**
 * Steps followed by the steps of the local composite actions they use (`uses: ./.github/actions/x`,
 * whose action.yml has `runs: { using: composite, steps }`), each at its line in the action's
 * file, with `${{ inputs.x }}` filled from the step's `with:` or the input's `default`: what a
 * job runs includes what its actions run. A remote, missing, unparseable or non-composite action,
 * a cycle, or nesting past GitHub's ten levels adds nothing.
 */
function withCompositeSteps(
  index: RepoIndex,
  steps: readonly PipelineStep[],
  using: readonly string[],
): PipelineStep[] {
  const all: PipelineStep[] = [];
  for (const step of steps) {
    all.push(step);
    const dir = step.uses === undefined ? undefined : localAction.exec(step.uses.value.trim())?.[1];
    if (dir === undefined || dir.startsWith(".github/workflows/")) continue;
    const path = [`${dir}/action.yml`, `${dir}/action.yaml`].find((file) => index.has(file));
    if (path === undefined || using.includes(path) || using.length >= maxCallDepth) continue;
    // Jobs that use the action alike share its steps, worked out once.
    const key = `ci:composite:${[...using, path].join("\0")}:${JSON.stringify(step.settings["with"] ?? null).slice(0, 4096)}`;
    const expanded = index.derive(key, () => compositeSteps(index, path, step, using));
    if (expanded !== undefined) all.push(...expanded);
  }
  return all;
}

/**
 * The steps of the composite action at `path` as `step` uses it (see `withCompositeSteps`),
 * its own local actions followed; undefined where it is no composite action or past the budget.
 */
function compositeSteps(
  index: RepoIndex,
  path: string,
  step: PipelineStep,
  using: readonly string[],
): PipelineStep[] | undefined {
  const budget = index.derive("ci:actions-read", () => ({ left: maxCallsRead }));
  if (budget.left <= 0) return undefined;
  const document = index.yaml(path);
  const action = document.ok && isRecord(document.value) ? document.value : {};
  const runs = action["runs"];
  if (!isRecord(runs) || runs["using"] !== "composite" || !Array.isArray(runs["steps"]))
    return undefined;
  budget.left -= 1;
  const declared = action["inputs"];
  const inputs = inputValues(isRecord(declared) ? declared : {}, step.settings["with"]);
  const at: LineAt = (where) => index.yamlLine(path, where);
  const inner = (runs["steps"] as unknown[]).slice(0, maxCalledItems).flatMap((entry, i) => {
    if (!isRecord(entry)) return [];
    const where = ["runs", "steps", i];
    const located = (key: string): Located<string> | undefined =>
      typeof entry[key] === "string"
        ? { path, line: at([...where, key]), value: fillInputs(entry[key], inputs) }
        : undefined;
    const run = located("run");
    const uses = located("uses");
    const given = inputCommands(
      entry,
      uses?.value,
      (input) => at([...where, "with", input]),
      (value) => fillInputs(value, inputs),
    );
    return [
      {
        path,
        line: at(where),
        settings: entry,
        ...(run ? { run } : {}),
        ...(uses ? { uses } : {}),
        ...(given.length > 0 ? { inputCommands: given.map((c) => ({ path, ...c })) } : {}),
      },
    ];
  });
  return withCompositeSteps(index, inner, [...using, path]);
}

/** GitHub's nesting limit for reusable workflows: the caller and nine levels of calls. */
const maxCallDepth = 10;
/** Calls read per repository: workflows that call each other many times over are hostile. */
const maxCallsRead = 256;
/** Steps and commands taken from one call; the rest of a larger call is left out. */
const maxCalledItems = 1000;

/** `./.github/workflows/x.yml`: the only form of a reusable workflow in the same repository. */
const localWorkflow = /^\.\/(\.github\/workflows\/[^/\\]+\.ya?ml)$/;

/**
 * A job that calls a local reusable workflow (`uses: ./.github/workflows/x.yml`): the called
 * workflow's jobs' steps and commands, at its lines, with `${{ inputs.x }}` filled from the job's
 * `with:` or the input's `default`. Undefined (the job stays opaque) for a remote workflow, a
 * file that is missing, unparseable or not `workflow_call`, a cycle, or a call too deep.
 */
function calledWorkflow(
  index: RepoIndex,
  job: Record<string, unknown>,
  calling: readonly string[],
): Pick<PipelineJob, "steps" | "commands" | "calls"> | undefined {
  const uses = job["uses"];
  const path = typeof uses === "string" ? localWorkflow.exec(uses.trim())?.[1] : undefined;
  if (path === undefined || !index.has(path) || calling.includes(path)) return undefined;
  if (calling.length >= maxCallDepth) return undefined;
  const budget = index.derive("ci:calls-read", () => ({ left: maxCallsRead }));
  if (budget.left <= 0) return undefined;
  const document = index.yaml(path);
  const declared = document.ok ? workflowCallInputs(document.value) : undefined;
  if (!document.ok || declared === undefined) return undefined;
  budget.left -= 1;
  const inputs = inputValues(declared, job["with"]);
  const steps: PipelineStep[] = [];
  const commands: Located<string>[] = [];
  for (const called of githubJobsOf(index, path, document.value, [...calling, path])) {
    for (const step of called.steps) {
      if (steps.length >= maxCalledItems) break;
      steps.push(
        step.run
          ? { ...step, run: { ...step.run, value: fillInputs(step.run.value, inputs) } }
          : step,
      );
    }
    for (const command of called.commands)
      for (const value of expandMatrix(command.value, called.settings)) {
        if (commands.length >= maxCalledItems) break;
        commands.push({ ...command, value: fillInputs(value, inputs) });
      }
  }
  return { steps, commands, calls: path };
}

/** The inputs a `workflow_call` workflow declares (name → declaration), or undefined if it is none. */
function workflowCallInputs(document: unknown): Record<string, unknown> | undefined {
  if (!isRecord(document)) return undefined;
  const on = document["on"] ?? document["true"];
  const called =
    on === "workflow_call" || (Array.isArray(on) && on.includes("workflow_call"))
      ? {}
      : isRecord(on) && "workflow_call" in on
        ? on["workflow_call"]
        : undefined;
  if (called === undefined) return undefined;
  const inputs = isRecord(called) ? called["inputs"] : undefined;
  return isRecord(inputs) ? inputs : {};
}

/** Longest input value taken from a caller: a megabyte-long `with:` value is cut, not copied. */
const maxInputLength = 4096;

/** Each input's value: the caller's `with:`, else the declared `default`. */
function inputValues(declared: Record<string, unknown>, given: unknown): Map<string, string> {
  const values = new Map<string, string>();
  const scalar = (value: unknown) =>
    typeof value === "string" || typeof value === "number" || typeof value === "boolean"
      ? String(value).slice(0, maxInputLength)
      : undefined;
  for (const [name, input] of Object.entries(declared)) {
    const fallback = isRecord(input) ? scalar(input["default"]) : undefined;
    if (fallback !== undefined) values.set(name, fallback);
  }
  for (const [name, value] of Object.entries(isRecord(given) ? given : {})) {
    const text = scalar(value);
    if (text !== undefined) values.set(name, text);
  }
  return values;
}

/** Longest command a filled input can make: past it the rest of the command is dropped. */
const maxFilledLength = 65_536;

/**
 * `npm run ${{ inputs.script }}` with the input's value. An input neither given nor defaulted
 * is empty, as GitHub evaluates it: it must not be filled by an outer call's input of that name.
 */
function fillInputs(command: string, inputs: ReadonlyMap<string, string>): string {
  let filled = "";
  let from = 0;
  for (const match of command.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)) {
    filled += command.slice(from, match.index) + (inputs.get(match[1] ?? "") ?? "");
    from = match.index + match[0].length;
    if (filled.length > maxFilledLength) return filled.slice(0, maxFilledLength);
  }
  return (filled + command.slice(from)).slice(0, maxFilledLength);
}

function gitlabJobsOf(path: string, document: unknown, at: LineAt): PipelineJob[] {
  return gitlabJobs(document).map(([id, settings]) => {
    const own = isRecord(document) && isRecord(document[id]) ? document[id] : {};
    const line = at([id]);
    const commands = ["before_script", "script", "after_script"].flatMap((key) =>
      locatedStrings(settings[key]).map(({ value, at: item }) => ({
        path,
        // A script inherited through `extends` is located at the job that runs it.
        line: key in own ? at(item === undefined ? [id, key] : [id, key, item]) : line,
        value,
      })),
    );
    return { id, line, settings, steps: [], commands };
  });
}

/** A string or a list's strings, with the index of each in the list. */
function locatedStrings(value: unknown): { value: string; at: number | undefined }[] {
  if (typeof value === "string") return [{ value, at: undefined }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, at) => (typeof item === "string" ? [{ value: item, at }] : []));
}

/** GitHub Actions jobs (name → job) of a parsed workflow. */
export function githubJobs(document: unknown): [string, Record<string, unknown>][] {
  const jobs = isRecord(document) ? document["jobs"] : undefined;
  return isRecord(jobs)
    ? Object.entries(jobs).filter((entry): entry is [string, Record<string, unknown>] =>
        isRecord(entry[1]),
      )
    : [];
}

/**
 * A GitHub job's steps, in order, each with its path in the document, with steps grouped under
 * `parallel:` (as typescript-eslint's workflow groups its checks) taken out of their group: they
 * run all the same.
 */
function githubStepPaths(
  id: string,
  job: Record<string, unknown>,
): { step: Record<string, unknown>; steps: (string | number)[] }[] {
  const flatten = (
    steps: unknown,
    where: (string | number)[],
    depth: number,
  ): { step: Record<string, unknown>; steps: (string | number)[] }[] =>
    (Array.isArray(steps) ? steps : []).flatMap((step: unknown, i) => {
      if (!isRecord(step)) return [];
      if (step["parallel"] !== undefined && depth < 4)
        return flatten(step["parallel"], [...where, i, "parallel"], depth + 1);
      return [{ step, steps: [...where, i] }];
    });
  return flatten(job["steps"], ["jobs", id, "steps"], 0);
}

/** GitLab CI jobs: top-level keys that are not keywords and hold a script. */
const gitlabKeywords = new Set([
  "default",
  "include",
  "stages",
  "variables",
  "workflow",
  "image",
  "services",
  "cache",
  "before_script",
  "after_script",
  "pages",
]);

/**
 * GitLab CI jobs: top-level keys that are not keywords or hidden templates, with their
 * `extends` chains merged in (templates first, the job's own keys last), that hold a script.
 */
export function gitlabJobs(document: unknown): [string, Record<string, unknown>][] {
  if (!isRecord(document)) return [];
  const resolve = (name: string, seen: readonly string[]): Record<string, unknown> => {
    const job = document[name];
    if (!isRecord(job)) return {};
    const parents =
      typeof job["extends"] === "string"
        ? [job["extends"]]
        : Array.isArray(job["extends"])
          ? job["extends"].filter((item): item is string => typeof item === "string")
          : [];
    let merged: Record<string, unknown> = {};
    for (const parent of parents) {
      if (seen.includes(parent) || seen.length > 10) continue;
      merged = { ...merged, ...resolve(parent, [...seen, parent]) };
    }
    return { ...merged, ...job };
  };
  return Object.keys(document)
    .filter(
      (name) => !name.startsWith(".") && !gitlabKeywords.has(name) && isRecord(document[name]),
    )
    .map((name): [string, Record<string, unknown>] => [name, resolve(name, [name])])
    .filter(([, job]) => "script" in job || "trigger" in job);
}

const maxExpansions = 256;
/** Commands collected per repository; beyond it a workflow is hostile, not large. */
const maxCommands = 20_000;

/** `${{ matrix.name }}`. */
const matrixUse = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g;

/** `pnpm ${{ matrix.task }}` becomes one command per value of the job's matrix. */
function expandMatrix(command: string, job: Record<string, unknown>): string[] {
  const strategy = job["strategy"];
  const matrix = isRecord(strategy) ? strategy["matrix"] : undefined;
  if (!isRecord(matrix)) return [command];
  // Values of a name: its list, plus the entries of `include` that set it.
  const valuesOf = (name: string): string[] => {
    const own: unknown = matrix[name];
    const include: unknown = matrix["include"];
    const listed: unknown[] = Array.isArray(own) ? (own as unknown[]) : [];
    const included: unknown[] = Array.isArray(include)
      ? (include as unknown[]).map((entry) => (isRecord(entry) ? entry[name] : undefined))
      : [];
    return [
      ...new Set(
        [...listed, ...included]
          .filter((value) => typeof value === "string" || typeof value === "number")
          .map(String),
      ),
    ];
  };
  return expandPlaceholders(command, matrixUse, valuesOf, maxExpansions);
}

/**
 * The Node versions CI sets up, each at its step's (or GitLab job's) line: `actions/setup-node`'s
 * `node-version` (a list, or `${{ matrix.x }}` expanded over the job's matrix), and a GitLab
 * job's `image: node:<version>`, a CircleCI job's primary image, a Travis job's `node_js` and an
 * Azure job's `NodeTool@0`/`UseNode@1` task. Values as written (`20`, `22.12.0`, `lts/*`,
 * `latest`).
 */
export function nodeVersions(index: RepoIndex): Located<string>[] {
  return index.derive("ci:node-versions", () => findNodeVersions(index));
}

function findNodeVersions(index: RepoIndex): Located<string>[] {
  const found: Located<string>[] = [];
  const seen = new Set<string>();
  const add = (path: string, line: number | undefined, value: string) => {
    const key = `${path}\0${String(line)}\0${value}`;
    if (value === "" || seen.has(key) || found.length >= maxCommands) return;
    seen.add(key);
    found.push({ path, line, value });
  };
  for (const pipeline of pipelines(index)) {
    for (const job of pipeline.jobs) {
      if (pipeline.provider === "circleci") {
        // The job's primary image: `cimg/node:22.12`, `circleci/node:lts-browsers`, `node:20`.
        const document = pipeline.document.ok ? pipeline.document.value : undefined;
        for (const image of circleciImages(document, job)) {
          const version = /^(?:cimg\/|circleci\/)?node:([\w.*]+)/.exec(image)?.[1];
          if (version !== undefined) add(pipeline.path, job.line, version);
        }
        continue;
      }
      if (pipeline.provider === "azure") {
        const document = pipeline.document.ok ? pipeline.document.value : undefined;
        for (const { line, value } of azureNodeVersions(document, job))
          add(pipeline.path, line, value);
        continue;
      }
      if (pipeline.provider === "travis") {
        for (const version of travisNodeVersions(job)) add(pipeline.path, job.line, version);
        continue;
      }
      if (pipeline.provider === "gitlab") {
        const image = job.settings["image"];
        const name = isRecord(image) ? image["name"] : image;
        const version = typeof name === "string" ? /^node:([\w.*-]+)/.exec(name)?.[1] : undefined;
        if (version !== undefined) add(pipeline.path, job.line, version);
        continue;
      }
      for (const step of job.steps) {
        if (!step.uses?.value.startsWith("actions/setup-node@")) continue;
        const settings = step.settings["with"];
        const given: unknown = isRecord(settings) ? settings["node-version"] : undefined;
        const values = (Array.isArray(given) ? given : [given]).flatMap((value: unknown) =>
          typeof value === "string" || typeof value === "number" ? [String(value)] : [],
        );
        for (const value of values)
          for (const line of value.split("\n"))
            for (const version of expandMatrix(line.trim(), job.settings))
              if (!version.includes("${{")) add(step.path, step.line, version);
      }
    }
  }
  return found;
}

/**
 * Every shell command a pipeline runs, at its line: GitHub `run:` steps, GitLab scripts, CircleCI
 * `run` steps, Travis phases, and Azure script steps and tasks.
 */
export function commands(index: RepoIndex): Located<string>[] {
  return index.derive("ci:commands", () => findCommands(index));
}

function findCommands(index: RepoIndex): Located<string>[] {
  const found: Located<string>[] = [];
  // The same command at the same place once: a composite action's steps, in every job that
  // uses the action with the same inputs, are one command of its file.
  const seen = new Set<string>();
  for (const pipeline of pipelines(index)) {
    for (const job of pipeline.jobs) {
      for (const command of job.commands) {
        for (const value of expandMatrix(command.value, job.settings)) {
          if (found.length >= maxCommands) return found;
          const key = `${command.path}\0${String(command.line)}\0${value}`;
          if (seen.has(key)) continue;
          seen.add(key);
          found.push({ ...command, value });
        }
      }
    }
  }
  return found;
}

/** Every GitHub action a workflow uses (`uses:` of steps and reusable workflows), at its line. */
export function actionsUsed(index: RepoIndex): Located<string>[] {
  return index.derive("ci:actions", () => findActions(index));
}

function findActions(index: RepoIndex): Located<string>[] {
  const found: Located<string>[] = [];
  const pipelineFiles = new Set(pipelines(index).map((pipeline) => pipeline.path));
  const seen = new Set<string>();
  for (const pipeline of pipelines(index)) {
    if (pipeline.provider !== "github") continue;
    for (const job of pipeline.jobs) {
      const reusable = job.settings["uses"];
      const uses = [
        ...(typeof reusable === "string"
          ? [
              {
                path: pipeline.path,
                line: index.yamlLine(pipeline.path, ["jobs", job.id, "uses"]),
                value: reusable,
              },
            ]
          : []),
        // A called workflow's steps are counted in their own file; a composite action's once,
        // however many jobs use it.
        ...job.steps.flatMap((step) =>
          step.uses && (step.path === pipeline.path || !pipelineFiles.has(step.path))
            ? [step.uses]
            : [],
        ),
      ];
      for (const action of uses) {
        if (found.length >= maxCommands) return found;
        const key = `${action.path}:${String(action.line)}:${action.value}`;
        if (action.path !== pipeline.path && seen.has(key)) continue;
        seen.add(key);
        found.push(action);
      }
    }
  }
  return found;
}

/** Whether `uses:` names one of the actions (`owner/name`, then a path or a version). */
export const usesAction = (uses: string, actions: readonly string[]): boolean =>
  actions.some(
    (action) => uses === action || uses.startsWith(`${action}/`) || uses.startsWith(`${action}@`),
  );

/** The CI configurations of the providers the audit does not read, with the provider's name. */
const unreadProviders: readonly [string, string][] = [
  ["Jenkinsfile", "Jenkins"],
  ["bitbucket-pipelines.yml", "Bitbucket Pipelines"],
  [".buildkite/pipeline.yml", "Buildkite"],
  [".drone.yml", "Drone"],
  ["appveyor.yml", "AppVeyor"],
  [".appveyor.yml", "AppVeyor"],
  [".cirrus.yml", "Cirrus CI"],
  [".woodpecker.yml", "Woodpecker CI"],
];

/**
 * What the repository's CI runs that the audit does not read: pipelines of other providers
 * (Jenkins, Bitbucket Pipelines, …), jobs that call another repository's reusable workflow, and
 * the templates of an Azure pipeline it does not follow, each in a line: a rule that finds
 * nothing in what it reads cannot say the line does not run it.
 */
export function unreadPipelines(index: RepoIndex): string[] {
  return index.derive("ci:unread", () => [
    ...unreadProviders.flatMap(([path, provider]) =>
      index.has(path) ? [`${path}: ${provider}, which the audit does not read`] : [],
    ),
    // An Azure pipeline's templates, of this repository or another, are not read.
    ...pipelines(index).flatMap((pipeline) =>
      pipeline.provider === "azure" && pipeline.document.ok
        ? azureTemplates(
            pipeline.path,
            pipeline.document.value,
            (steps) => index.yamlLine(pipeline.path, steps),
            azureLoad(index),
          ).map(
            (template) =>
              `${pipeline.path}: template \`${template}\`, which the audit does not read`,
          )
        : [],
    ),
    // A job that calls a reusable workflow of another repository runs what the audit cannot see.
    ...pipelines(index).flatMap((pipeline) =>
      pipeline.provider !== "github"
        ? []
        : pipeline.jobs.flatMap((job) => {
            const uses = job.settings["uses"];
            return typeof uses === "string" && job.calls === undefined && !uses.startsWith("./")
              ? [
                  `${pipeline.path}: job \`${job.id}\` calls \`${uses.slice(0, 200)}\`, a reusable workflow of another repository, which the audit does not read`,
                ]
              : [];
          }),
    ),
  ]);
}

/** The provider of every pipeline of the repository, where they share one; undefined otherwise. */
export function soleProvider(pipelineList: readonly Pipeline[]): Pipeline["provider"] | undefined {
  const first = pipelineList[0]?.provider;
  return pipelineList.every((pipeline) => pipeline.provider === first) ? first : undefined;
}

/** Unparseable pipeline files, for not-evaluated verdicts. */
export function brokenPipelines(index: RepoIndex): string[] {
  return pipelines(index).flatMap((pipeline) =>
    pipeline.document.ok ? [] : [pipeline.document.problem],
  );
}
