import type { RepoIndex } from "../../repo/repo-index.js";

export interface Pipeline {
  path: string;
  provider: "github" | "gitlab";
  /** The parsed file, or why it could not be parsed. */
  document: { ok: true; value: unknown } | { ok: false; problem: string };
}

export interface Located<T> {
  path: string;
  line: number | undefined;
  value: T;
}

export function pipelines(index: RepoIndex): Pipeline[] {
  return index.derive("ci:pipelines", () => findPipelines(index));
}

function findPipelines(index: RepoIndex): Pipeline[] {
  const github = index
    .glob(".github/workflows/*.{yml,yaml}")
    .map((path): Pipeline => ({ path, provider: "github", document: index.yaml(path) }));
  const gitlab = index
    .glob(".gitlab-ci.yml")
    .map((path): Pipeline => ({ path, provider: "gitlab", document: index.yaml(path) }));
  return [...github, ...gitlab];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The 1-based line of the first occurrence of `needle` in a file, for locations. */
export function lineOf(index: RepoIndex, path: string, needle: string): number | undefined {
  const cache = index.derive(`lines:${path}`, () => new Map<string, number | undefined>());
  if (cache.has(needle)) return cache.get(needle);
  const line = findLine(index, path, needle);
  cache.set(needle, line);
  return line;
}

function findLine(index: RepoIndex, path: string, needle: string): number | undefined {
  const text = index.text(path);
  if (!text.ok) return undefined;
  const offset = text.value.indexOf(needle.split("\n")[0] ?? needle);
  if (offset === -1) return undefined;
  // The offsets where lines start, once per file; the line is found by binary search.
  const starts = index.derive(`line-starts:${path}`, () => {
    const found = [0];
    for (let at = text.value.indexOf("\n"); at !== -1; at = text.value.indexOf("\n", at + 1))
      found.push(at + 1);
    return found;
  });
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
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
 * A GitHub job's steps, in order, with steps grouped under `parallel:` (as typescript-eslint's
 * workflow groups its checks) taken out of their group: they run all the same.
 */
export function githubSteps(job: Record<string, unknown>): Record<string, unknown>[] {
  const flatten = (steps: unknown, depth: number): Record<string, unknown>[] =>
    (Array.isArray(steps) ? steps : []).flatMap((step) => {
      if (!isRecord(step)) return [];
      if (step["parallel"] !== undefined && depth < 4) return flatten(step["parallel"], depth + 1);
      return [step];
    });
  return flatten(job["steps"], 0);
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

const asStrings = (value: unknown): string[] =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
      ? value.filter((item): item is string => typeof item === "string")
      : [];

const maxExpansions = 256;
/** Commands collected per repository; beyond it a workflow is hostile, not large. */
const maxCommands = 20_000;

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
  let commands = [command];
  const names = new Set(
    [...command.matchAll(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g)].map((match) => match[1] ?? ""),
  );
  for (const name of names) {
    const values = valuesOf(name);
    if (values.length === 0) continue;
    const expression = new RegExp(`\\$\\{\\{\\s*matrix\\.${name}\\s*\\}\\}`, "g");
    commands = commands.flatMap((text) => values.map((value) => text.replace(expression, value)));
    // A matrix of matrices is a few dozen commands at most; past that it is an attack.
    if (commands.length > maxExpansions) return commands.slice(0, maxExpansions);
  }
  return commands;
}

/** Every shell command a pipeline runs: GitHub `run:` steps and GitLab scripts. */
export function commands(index: RepoIndex): Located<string>[] {
  return index.derive("ci:commands", () => findCommands(index));
}

function findCommands(index: RepoIndex): Located<string>[] {
  const found: Located<string>[] = [];
  for (const pipeline of pipelines(index)) {
    if (!pipeline.document.ok) continue;
    const jobs =
      pipeline.provider === "github"
        ? githubJobs(pipeline.document.value)
        : gitlabJobs(pipeline.document.value);
    for (const [, job] of jobs) {
      const scripts =
        pipeline.provider === "github"
          ? githubSteps(job).flatMap((step) => asStrings(step["run"]))
          : [
              ...asStrings(job["before_script"]),
              ...asStrings(job["script"]),
              ...asStrings(job["after_script"]),
            ];
      for (const command of scripts) {
        const line = lineOf(index, pipeline.path, command);
        for (const value of expandMatrix(command, job)) {
          if (found.length >= maxCommands) return found;
          found.push({ path: pipeline.path, line, value });
        }
      }
    }
  }
  return found;
}

/** Every GitHub action a workflow uses (`uses:` of steps and reusable workflows). */
export function actionsUsed(index: RepoIndex): Located<string>[] {
  return index.derive("ci:actions", () => findActions(index));
}

function findActions(index: RepoIndex): Located<string>[] {
  const found: Located<string>[] = [];
  for (const pipeline of pipelines(index)) {
    if (pipeline.provider !== "github" || !pipeline.document.ok) continue;
    for (const [, job] of githubJobs(pipeline.document.value)) {
      const uses = [
        ...asStrings(job["uses"]),
        ...githubSteps(job).flatMap((step) => asStrings(step["uses"])),
      ];
      for (const action of uses) {
        if (found.length >= maxCommands) return found;
        found.push({
          path: pipeline.path,
          line: lineOf(index, pipeline.path, action),
          value: action,
        });
      }
    }
  }
  return found;
}

/** Unparseable pipeline files, for not-evaluated verdicts. */
export function brokenPipelines(index: RepoIndex): string[] {
  return pipelines(index).flatMap((pipeline) =>
    pipeline.document.ok ? [] : [pipeline.document.problem],
  );
}

export { isRecord };
