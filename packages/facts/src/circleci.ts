import { circleciOrbJobs } from "@paved/stations";
import type { Located, PipelineJob, PipelineStep } from "./pipelines.js";
import { expandPlaceholders } from "./expand.js";
import { isRecord } from "./record.js";

/*
 * CircleCI's `.circleci/config.yml` as the pipeline model's jobs: each job of `jobs:` with its
 * steps and the shell commands of its `run` steps, the steps of the config's own reusable
 * `commands:` (and of `when`/`unless` blocks) in the place they are used, `<< parameters.x >>`
 * filled, and the orb jobs of @paved/stations' table that run a package script (`node/test`).
 */

type LineAt = (steps: readonly (string | number)[]) => number | undefined;

/**
 * CircleCI lets a reusable command use others, and `when` blocks nest: past this depth (or in a
 * cycle) nothing more is read.
 */
const maxDepth = 10;
/** Steps read per job: more is a hostile file, not a large one. */
const maxSteps = 2000;
/** Parameter values a job's commands are expanded over (its matrix in the workflows). */
const maxExpansions = 256;

/** `<< parameters.name >>` (and `<< pipeline.parameters.name >>`, left as it is). */
const parameterUse = /<<\s*parameters\.([\w-]+)\s*>>/g;

const scalar = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;

/** Each declared parameter's default, as text. */
function defaults(declared: unknown): Map<string, string> {
  const found = new Map<string, string>();
  if (!isRecord(declared)) return found;
  for (const [name, spec] of Object.entries(declared)) {
    const value = isRecord(spec) ? scalar(spec["default"]) : undefined;
    if (value !== undefined) found.set(name, value);
  }
  return found;
}

/** `<< parameters.x >>` replaced by the value given; one with no value stays as written. */
function filled(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(parameterUse, (use, name: string) => values.get(name) ?? use);
}

/**
 * A `run` step's working directory as a directory of the repository: a relative path (the job's
 * own `working_directory` is where `checkout` puts the repository, not a directory in it).
 */
function repositoryDirectory(dir: unknown): string | undefined {
  if (typeof dir !== "string") return undefined;
  const plain = dir.trim().replace(/^\.\//, "").replace(/\/+$/, "");
  if (plain === "" || plain === "." || /^[~/$]|<<|\s/.test(plain)) return undefined;
  return plain;
}

/** The values each parameter of a job takes in the workflows that run it: given, or a matrix. */
function workflowValues(document: Record<string, unknown>, job: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const add = (name: string, value: unknown) => {
    const text = scalar(value);
    if (text === undefined) return;
    const known = values.get(name) ?? [];
    if (!known.includes(text)) values.set(name, [...known, text]);
  };
  for (const invocation of invocationsByJob(document).get(job) ?? []) {
    for (const [name, value] of Object.entries(invocation.settings)) {
      if (name === "matrix") {
        const parameters = isRecord(value) ? value["parameters"] : undefined;
        if (!isRecord(parameters)) continue;
        for (const [matrixName, list] of Object.entries(parameters))
          for (const item of Array.isArray(list) ? (list as unknown[]) : [list])
            add(matrixName, item);
      } else add(name, value);
    }
  }
  return values;
}

interface Invocation {
  name: string;
  settings: Record<string, unknown>;
  at: (string | number)[];
}

/**
 * The workflows' entries for each job, gathered once per config: asked for each job, a scan of
 * every entry would grow as jobs times entries on a config of many jobs.
 */
const invocationIndexes = new WeakMap<Record<string, unknown>, Map<string, Invocation[]>>();
function invocationsByJob(document: Record<string, unknown>): Map<string, Invocation[]> {
  let index = invocationIndexes.get(document);
  if (index === undefined) {
    index = new Map();
    for (const invocation of jobInvocations(document)) {
      const known = index.get(invocation.name);
      if (known === undefined) index.set(invocation.name, [invocation]);
      else known.push(invocation);
    }
    invocationIndexes.set(document, index);
  }
  return index;
}

/** Every job a workflow lists (`- build`, `- build: { requires: [...] }`), with its settings. */
function jobInvocations(document: Record<string, unknown>): Invocation[] {
  const workflows = document["workflows"];
  if (!isRecord(workflows)) return [];
  return Object.entries(workflows).flatMap(([workflow, spec]) => {
    const jobs = isRecord(spec) ? spec["jobs"] : undefined;
    if (!Array.isArray(jobs)) return [];
    return (jobs as unknown[]).flatMap((entry, i) => {
      const at = ["workflows", workflow, "jobs", i];
      if (typeof entry === "string") return [{ name: entry, settings: {}, at }];
      if (!isRecord(entry)) return [];
      const [name, settings] = Object.entries(entry)[0] ?? [];
      return name === undefined ? [] : [{ name, settings: isRecord(settings) ? settings : {}, at }];
    });
  });
}

/** Each combination of the values a command's parameters take, at most `maxExpansions`. */
const expanded = (command: string, values: ReadonlyMap<string, readonly string[]>): string[] =>
  expandPlaceholders(command, parameterUse, (name) => values.get(name) ?? [], maxExpansions);

/** The values each of a job's parameters takes: what the workflows give it, else its default. */
function jobParameters(
  document: Record<string, unknown>,
  id: string,
  job: Record<string, unknown>,
) {
  const values = workflowValues(document, id);
  for (const [name, value] of defaults(job["parameters"]))
    if (!values.has(name)) values.set(name, [value]);
  return values;
}

/** The jobs of a CircleCI config, each with its steps and the commands of its `run` steps. */
export function circleciJobsOf(path: string, document: unknown, at: LineAt): PipelineJob[] {
  if (!isRecord(document)) return [];
  const reusable = isRecord(document["commands"]) ? document["commands"] : {};
  const jobs = isRecord(document["jobs"]) ? document["jobs"] : {};
  const own = Object.entries(jobs).flatMap(([id, settings]): PipelineJob[] => {
    if (!isRecord(settings)) return [];
    const steps: PipelineStep[] = [];
    const commands: Located<string>[] = [];
    const given = jobParameters(document, id, settings);
    const read = (
      list: unknown,
      where: (string | number)[],
      values: ReadonlyMap<string, string>,
      calling: readonly string[],
    ): void => {
      if (!Array.isArray(list)) return;
      (list as unknown[]).forEach((step, i) => {
        if (steps.length >= maxSteps) return;
        const place = [...where, i];
        const [name, value] =
          typeof step === "string"
            ? [step, undefined]
            : isRecord(step)
              ? (Object.entries(step)[0] ?? [])
              : [];
        if (name === undefined) return;
        const line = at(place);
        const command = reusable[name];
        if (isRecord(command)) {
          // A reusable command of the config: its steps, with the parameters this use gives.
          if (calling.includes(name) || calling.length >= maxDepth) return;
          const own = defaults(command["parameters"]);
          if (isRecord(value))
            for (const [key, given] of Object.entries(value)) {
              const text = scalar(given);
              if (text !== undefined) own.set(key, filled(text, values));
            }
          read(command["steps"], ["commands", name, "steps"], own, [...calling, name]);
          return;
        }
        const stepSettings = isRecord(step) ? step : { [name]: null };
        if (name === "when" || name === "unless") {
          steps.push({ path, line, settings: stepSettings });
          // Nested as deep as commands may be: YAML aliases can make a block contain itself.
          if (isRecord(value) && calling.length < maxDepth)
            read(value["steps"], [...place, name, "steps"], values, [...calling, `\0${name}`]);
          return;
        }
        const text =
          name !== "run"
            ? undefined
            : typeof value === "string"
              ? value
              : isRecord(value)
                ? value["command"]
                : undefined;
        if (typeof text !== "string") {
          steps.push({ path, line, settings: stepSettings });
          return;
        }
        const dir = isRecord(value) ? repositoryDirectory(value["working_directory"]) : undefined;
        const run = {
          path,
          line:
            at(typeof value === "string" ? [...place, "run"] : [...place, "run", "command"]) ??
            line,
          value: `${dir === undefined ? "" : `cd ${dir} && `}${filled(text, values)}`,
        };
        steps.push({ path, line, settings: stepSettings, run });
        commands.push(run);
      });
    };
    read(settings["steps"], ["jobs", id, "steps"], new Map(), []);
    return [
      {
        id,
        line: at(["jobs", id]),
        settings,
        steps,
        commands: commands.flatMap((command) =>
          expanded(command.value, given).map((value) => ({ ...command, value })),
        ),
      },
    ];
  });
  return [...own, ...orbJobs(path, document, at)];
}

/** The orbs a config imports, by the name it uses them under (`node` → `circleci/node`). */
function orbsOf(document: Record<string, unknown>): Map<string, string> {
  const orbs = document["orbs"];
  const found = new Map<string, string>();
  if (!isRecord(orbs)) return found;
  for (const [alias, reference] of Object.entries(orbs))
    if (typeof reference === "string") found.set(alias, reference.split("@")[0] ?? "");
  return found;
}

/**
 * The orb jobs the workflows run that @paved/stations knows run a package script
 * (`node/test`: `npm run test`, or the `run-command` and `pkg-manager` it is given), each at the
 * line of its entry in the workflow.
 */
function orbJobs(path: string, document: Record<string, unknown>, at: LineAt): PipelineJob[] {
  const orbs = orbsOf(document);
  if (orbs.size === 0) return [];
  return jobInvocations(document).flatMap(({ name, settings, at: where }): PipelineJob[] => {
    const slash = name.indexOf("/");
    const orb = slash === -1 ? undefined : orbs.get(name.slice(0, slash));
    const known = circleciOrbJobs.find(
      (candidate) => candidate.orb === orb && candidate.job === name.slice(slash + 1),
    );
    if (known === undefined) return [];
    const option = (key: string, fallback: string) => scalar(settings[key]) ?? fallback;
    const manager = option(known.packageManager.parameter, known.packageManager.default);
    const script = option(known.script.parameter, known.script.default);
    const runner = manager.startsWith("yarn") ? "yarn" : manager;
    const line = at(where);
    const run = { path, line, value: `${runner} run ${script}` };
    return [
      {
        id: name,
        line,
        settings,
        steps: [{ path, line, settings: { [name]: settings }, run }],
        commands: [run],
      },
    ];
  });
}

/**
 * The images a CircleCI job runs in (`docker:`, or those of the `executors:` entry it names),
 * with its parameters filled over the values the workflows give it.
 */
export function circleciImages(document: unknown, job: PipelineJob): string[] {
  if (!isRecord(document)) return [];
  const executors = isRecord(document["executors"]) ? document["executors"] : {};
  const executor = job.settings["executor"];
  const named =
    typeof executor === "string" ? executor : isRecord(executor) ? executor["name"] : undefined;
  const source =
    typeof named === "string" && isRecord(executors[named]) ? executors[named] : job.settings;
  const docker = source["docker"];
  const values = jobParameters(document, job.id, job.settings);
  return (Array.isArray(docker) ? (docker as unknown[]) : []).slice(0, 1).flatMap((entry) => {
    const image = isRecord(entry) ? entry["image"] : undefined;
    return typeof image === "string" ? expanded(image, values) : [];
  });
}
