import { expandPlaceholders } from "./expand.js";
import type { Located, PipelineJob, PipelineStep } from "./pipelines.js";
import { isRecord } from "./record.js";

type LineAt = (steps: readonly (string | number)[]) => number | undefined;

/** Reads another YAML file of the repository: its value and the lines of its keys, or undefined. */
export type AzureLoad = (path: string) => { value: unknown; at: LineAt } | undefined;

/** Templates nest at most this deep (Azure's own limit is 100 files; 20 levels of nesting). */
const maxDepth = 20;

/** `${{ parameters.name }}`: a template's parameter. */
const parameterUse = /\$\{\{\s*parameters\.([\w-]+)\s*\}\}/g;

/** The step keys whose value is a shell script. */
const scriptKeys = ["script", "bash", "pwsh", "powershell"];

/** The lifecycle hooks of a deployment job's `runOnce` strategy, each with its own steps. */
const deploymentHooks = ["preDeploy", "deploy", "routeTraffic", "postRouteTraffic"];

/** At most this many jobs, and steps a job, are read; a matrix expands to at most this many. */
const maxJobs = 500;
const maxSteps = 2000;

/**
 * At most this many steps and job entries are visited in all, templates included: a template
 * that uses another twice, twenty levels deep, would otherwise be a million visits.
 */
const maxVisits = 20_000;
const maxExpansions = 256;

/** A macro variable: `$(nodeVersion)`. */
const variableUse = /\$\(([\w.-]+)\)/g;

const scalar = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;

/** A job as the file writes it, with its place in the document. */
interface Entry {
  entry: Record<string, unknown>;
  where: (string | number)[];
}

/** The job entries of an Azure Pipelines file: `stages[].jobs[]`, `jobs[]`, or a root `steps`. */
function entries(document: Record<string, unknown>): Entry[] {
  const listed = (list: unknown, where: (string | number)[]): Entry[] =>
    (Array.isArray(list) ? list : []).flatMap((entry: unknown, i) =>
      isRecord(entry) ? [{ entry, where: [...where, i] }] : [],
    );
  const stages = listed(document["stages"], ["stages"]);
  if (stages.length > 0)
    return stages.flatMap(({ entry, where }) => listed(entry["jobs"], [...where, "jobs"]));
  if (Array.isArray(document["jobs"])) return listed(document["jobs"], ["jobs"]);
  return Array.isArray(document["steps"]) ? [{ entry: document, where: [] }] : [];
}

/** A job's steps with their places: its `steps`, or a deployment's `strategy.runOnce` hooks. */
function stepsOf({ entry, where }: Entry): { step: unknown; place: (string | number)[] }[] {
  const of = (list: unknown, base: (string | number)[]) =>
    (Array.isArray(list) ? list : []).map((step: unknown, i) => ({ step, place: [...base, i] }));
  const strategy = entry["strategy"];
  const runOnce = isRecord(strategy) ? strategy["runOnce"] : undefined;
  if (entry["deployment"] !== undefined && isRecord(runOnce))
    return deploymentHooks.flatMap((hook) => {
      const stage = runOnce[hook];
      return isRecord(stage)
        ? of(stage["steps"], [...where, "strategy", "runOnce", hook, "steps"])
        : [];
    });
  return of(entry["steps"], [...where, "steps"]);
}

/** The values of the variables a job sees: the root's and its own, then its matrix's. */
function variablesOf(document: Record<string, unknown>, entry: Record<string, unknown>) {
  const values = new Map<string, string[]>();
  const read = (variables: unknown) => {
    if (isRecord(variables))
      for (const [name, value] of Object.entries(variables)) {
        const text = scalar(value);
        if (text !== undefined) values.set(name, [text]);
      }
    else if (Array.isArray(variables))
      for (const item of variables as unknown[]) {
        const text = isRecord(item) ? scalar(item["value"]) : undefined;
        if (isRecord(item) && typeof item["name"] === "string" && text !== undefined)
          values.set(item["name"], [text]);
      }
  };
  read(document["variables"]);
  if (entry !== document) read(entry["variables"]);
  const strategy = entry["strategy"];
  const matrix = isRecord(strategy) ? strategy["matrix"] : undefined;
  if (isRecord(matrix)) {
    const fromMatrix = new Map<string, string[]>();
    for (const leg of Object.values(matrix))
      if (isRecord(leg))
        for (const [name, value] of Object.entries(leg)) {
          const text = scalar(value);
          if (text === undefined) continue;
          const list = fromMatrix.get(name) ?? [];
          if (!list.includes(text)) list.push(text);
          fromMatrix.set(name, list);
        }
    for (const [name, list] of fromMatrix) values.set(name, list);
  }
  return values;
}

/** A working directory inside the repository, as a prefix of the command (`cd web && `). */
function inDirectory(dir: unknown): string {
  if (typeof dir !== "string" || dir === "" || dir.startsWith("/") || dir.includes("$(")) return "";
  const relative = dir.replace(/^\.\/+/, "").replace(/\/+$/, "");
  return relative === "" || relative === "." ? "" : `cd ${relative} && `;
}

/** The shell command a step runs: a script step's, or that of an npm, Bash or CmdLine task. */
function commandOf(step: Record<string, unknown>): { text: string; key: string[] } | undefined {
  for (const key of scriptKeys) {
    const value = step[key];
    if (typeof value === "string")
      return { text: `${inDirectory(step["workingDirectory"])}${value}`, key: [key] };
  }
  const task = step["task"];
  const inputs = isRecord(step["inputs"]) ? step["inputs"] : {};
  if (typeof task !== "string") return undefined;
  if (/^Npm@/i.test(task)) {
    const command = scalar(inputs["command"]) ?? "install";
    const custom = scalar(inputs["customCommand"]);
    const text =
      command === "custom"
        ? custom === undefined
          ? undefined
          : `npm ${custom}`
        : `npm ${command}`;
    return text === undefined
      ? undefined
      : { text: `${inDirectory(inputs["workingDir"])}${text}`, key: ["task"] };
  }
  if (/^(?:Bash|CmdLine|PowerShell)@/i.test(task) && typeof inputs["script"] === "string")
    return {
      text: `${inDirectory(inputs["workingDirectory"])}${inputs["script"]}`,
      key: ["inputs", "script"],
    };
  return undefined;
}

/**
 * The file a template reference names, from the file that uses it (`steps/test.yml`, or
 * `/ci/test.yml` from the root); undefined for one of another repository (`x.yml@tools`), one
 * made of an expression, or one that leaves the repository.
 */
function templatePath(from: string, template: string): string | undefined {
  if (template.includes("@") || template.includes("${{")) return undefined;
  const parts = (template.startsWith("/") ? [] : from.split("/").slice(0, -1)).concat(
    template.split("/"),
  );
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (resolved.length === 0) return undefined;
      resolved.pop();
    } else resolved.push(part);
  }
  return resolved.join("/");
}

/** A template's parameters: its declared defaults, then what the use gives. */
function parametersOf(declared: unknown, given: unknown): Map<string, string> {
  const values = new Map<string, string>();
  if (Array.isArray(declared))
    for (const item of declared as unknown[]) {
      const text = isRecord(item) ? scalar(item["default"]) : undefined;
      if (isRecord(item) && typeof item["name"] === "string" && text !== undefined)
        values.set(item["name"], text);
    }
  else if (isRecord(declared))
    for (const [name, value] of Object.entries(declared)) {
      const text = scalar(value);
      if (text !== undefined) values.set(name, text);
    }
  if (isRecord(given))
    for (const [name, value] of Object.entries(given)) {
      const text = scalar(value);
      if (text !== undefined) values.set(name, text);
    }
  return values;
}

const fill = (text: string, parameters: ReadonlyMap<string, string>): string =>
  text.replace(parameterUse, (use, name: string) => parameters.get(name) ?? use);

interface Read {
  jobs: PipelineJob[];
  /** The templates used and not read: of another repository, missing, too deep, or of stages. */
  unread: string[];
}

const reads = new WeakMap<object, Read>();

/**
 * The jobs of an Azure pipeline (`azure-pipelines.yml`): `stages[].jobs[]`, `jobs[]`, or the
 * root's `steps` as one job; a deployment job's steps are those of its `runOnce` hooks. Each
 * job's commands are its script steps (`script`, `bash`, `pwsh`, `powershell`, in a relative
 * `workingDirectory`) and the commands of its `Npm@1`, `Bash@3` and `CmdLine@2` tasks, with
 * `$(variable)` expanded over the root's and the job's variables and its matrix. A local
 * template of steps or jobs (`- template: build/steps.yml`, relative to the file that uses it,
 * or to the root with a leading `/`) is followed, its `${{ parameters.x }}` filled from the use
 * or the defaults, at its own lines; one of another repository (`x.yml@tools`), of stages, or
 * that `extends` is not: `unread` names it.
 */
function readAzure(path: string, document: unknown, at: LineAt, load: AzureLoad): Read {
  if (!isRecord(document)) return { jobs: [], unread: [] };
  const cached = reads.get(document);
  if (cached !== undefined) return cached;
  const unread = new Set<string>();
  const opaque = (template: string) => unread.add(template.slice(0, 200));
  const extended = document["extends"];
  if (isRecord(extended) && typeof extended["template"] === "string") opaque(extended["template"]);
  const stages = Array.isArray(document["stages"]) ? (document["stages"] as unknown[]) : [];
  for (const stage of stages)
    if (isRecord(stage) && typeof stage["template"] === "string") opaque(stage["template"]);

  /** A template's document where it can be followed; undefined (and named) where not. */
  const followed = (from: string, template: string, calling: readonly string[]) => {
    const target = templatePath(from, template);
    // A template that uses itself is being read already: Azure refuses the run anyway.
    if (target !== undefined && calling.includes(target)) return undefined;
    const loaded = target === undefined || calling.length >= maxDepth ? undefined : load(target);
    if (target === undefined || loaded === undefined || !isRecord(loaded.value)) {
      opaque(template);
      return undefined;
    }
    return { target, document: loaded.value, at: loaded.at };
  };

  const jobs: PipelineJob[] = [];
  let visits = 0;
  const readJob = (
    file: string,
    fileAt: LineAt,
    found: Entry,
    parameters: ReadonlyMap<string, string>,
    calling: readonly string[],
  ): void => {
    const { entry, where } = found;
    if (jobs.length >= maxJobs) return;
    const named = scalar(entry["job"]) ?? scalar(entry["deployment"]);
    const id = fill(named ?? (where.length === 0 ? "default" : where.join(".")), parameters);
    const values = variablesOf(document, entry);
    const steps: PipelineStep[] = [];
    const commands: Located<string>[] = [];
    const readSteps = (
      list: { step: unknown; place: (string | number)[] }[],
      stepFile: string,
      stepAt: LineAt,
      given: ReadonlyMap<string, string>,
      chain: readonly string[],
    ): void => {
      for (const { step, place } of list) {
        if (steps.length >= maxSteps || ++visits > maxVisits) return;
        if (!isRecord(step)) continue;
        const line = stepAt(place);
        if (typeof step["template"] === "string") {
          const template = followed(stepFile, fill(step["template"], given), chain);
          if (template === undefined) continue;
          const own = parametersOf(template.document["parameters"], step["parameters"]);
          const filled = new Map([...own].map(([name, value]) => [name, fill(value, given)]));
          const nested = (
            Array.isArray(template.document["steps"]) ? template.document["steps"] : []
          ).map((inner: unknown, i) => ({ step: inner, place: ["steps", i] }));
          readSteps(nested, template.target, template.at, filled, [...chain, template.target]);
          continue;
        }
        const command = commandOf(step);
        if (command === undefined) {
          steps.push({ path: stepFile, line, settings: step });
          continue;
        }
        const text = fill(command.text, given);
        const run = {
          path: stepFile,
          line: stepAt([...place, ...command.key]) ?? line,
          value: text,
        };
        steps.push({ path: stepFile, line, settings: step, run });
        for (const value of expandPlaceholders(
          text,
          variableUse,
          (name) => values.get(name) ?? [],
          maxExpansions,
        ))
          commands.push({ ...run, value });
      }
    };
    readSteps(stepsOf(found), file, fileAt, parameters, calling);
    jobs.push({
      id,
      line: fileAt(where.length === 0 ? ["steps"] : where),
      settings: entry,
      steps,
      commands,
    });
  };

  const readJobs = (
    file: string,
    fileAt: LineAt,
    list: Entry[],
    parameters: ReadonlyMap<string, string>,
    calling: readonly string[],
  ): void => {
    for (const found of list) {
      if (++visits > maxVisits) return;
      const template = found.entry["template"];
      if (typeof template !== "string") {
        readJob(file, fileAt, found, parameters, calling);
        continue;
      }
      const target = followed(file, fill(template, parameters), calling);
      if (target === undefined) continue;
      const own = parametersOf(target.document["parameters"], found.entry["parameters"]);
      const inner = (
        Array.isArray(target.document["jobs"]) ? (target.document["jobs"] as unknown[]) : []
      ).flatMap((entry: unknown, i) => (isRecord(entry) ? [{ entry, where: ["jobs", i] }] : []));
      readJobs(target.target, target.at, inner, own, [...calling, target.target]);
    }
  };
  readJobs(path, at, entries(document), new Map(), [path]);
  const read = { jobs, unread: [...unread] };
  reads.set(document, read);
  return read;
}

/** The jobs of an Azure pipeline, local templates followed (`readAzure`). */
export function azureJobsOf(
  path: string,
  document: unknown,
  at: LineAt,
  load: AzureLoad,
): PipelineJob[] {
  return readAzure(path, document, at, load).jobs;
}

/** The templates an Azure pipeline uses that the audit does not read (`readAzure`). */
export function azureTemplates(
  path: string,
  document: unknown,
  at: LineAt,
  load: AzureLoad,
): string[] {
  return readAzure(path, document, at, load).unread;
}

/** The Node versions a job's `NodeTool@0` (`versionSpec`) or `UseNode@1` (`version`) sets up. */
export function azureNodeVersions(
  document: unknown,
  job: PipelineJob,
): { line: number | undefined; value: string }[] {
  const values = isRecord(document) ? variablesOf(document, job.settings) : new Map();
  return job.steps.flatMap(({ line, settings }) => {
    const task = settings["task"];
    const inputs = isRecord(settings["inputs"]) ? settings["inputs"] : {};
    const given =
      typeof task !== "string"
        ? undefined
        : /^NodeTool@/i.test(task)
          ? scalar(inputs["versionSpec"])
          : /^UseNode@/i.test(task)
            ? scalar(inputs["version"])
            : undefined;
    if (given === undefined) return [];
    return expandPlaceholders(
      given,
      variableUse,
      (name: string) => (values.get(name) as string[] | undefined) ?? [],
      maxExpansions,
    )
      .filter((value) => !value.includes("$("))
      .map((value) => ({ line, value }));
  });
}
