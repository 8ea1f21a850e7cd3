import type { Located, PipelineJob } from "./pipelines.js";
import { isRecord } from "./record.js";

type LineAt = (steps: readonly (string | number)[]) => number | undefined;

/** The phases of a Travis CI job that run shell commands, in the order Travis runs them. */
const phases = [
  "before_install",
  "install",
  "before_script",
  "script",
  "before_cache",
  "after_success",
  "after_failure",
  "before_deploy",
  "after_deploy",
  "after_script",
] as const;

/** The keys of the root that expand into a matrix of jobs, besides `jobs.include`. */
const expanding = ["node_js", "env", "os", "arch", "dist"];

/** At most this many `include` entries are read (Travis itself stops at 200 jobs a build). */
const maxJobs = 500;

/** What Travis installs and runs for `language: node_js` where a job names no phase. */
export interface TravisDefaults {
  /** The install phase: `npm ci` beside package-lock.json, `yarn --frozen-lockfile`, … */
  install: string;
  /** The script phase: `npm test`, or `yarn test` beside yarn.lock. */
  script: string;
}

/** Travis's defaults for Node.js, from the lockfile at the root of the repository. */
export function travisDefaults(has: (path: string) => boolean): TravisDefaults {
  if (has("yarn.lock")) return { install: "yarn --frozen-lockfile", script: "yarn test" };
  const locked = has("package-lock.json") || has("npm-shrinkwrap.json");
  return { install: locked ? "npm ci" : "npm install", script: "npm test" };
}

/**
 * The jobs of a `.travis.yml`: one for the root's matrix (where it has no `jobs.include`, or
 * also expands one from `node_js`, `env`, …), then one per `jobs.include` (or `matrix.include`)
 * entry, with the root's phases where the entry names none (and the first of each list the root
 * expands a matrix from, `node_js: [20, 22]`, where it names none). A phase is a command or a
 * list of them; `skip` or `true` runs nothing; a `deploy` to the `npm` provider runs
 * `npm publish`. For `language: node_js`, an install and script phase the job does not name
 * run Travis's defaults, located at the job.
 */
export function travisJobsOf(
  path: string,
  document: unknown,
  at: LineAt,
  defaults: TravisDefaults,
): PipelineJob[] {
  if (!isRecord(document)) return [];
  const node = document["language"] === "node_js";
  const matrixKey = isRecord(document["jobs"]) ? "jobs" : "matrix";
  const matrix = document[matrixKey];
  const given = isRecord(matrix) ? matrix["include"] : undefined;
  const include = Array.isArray(given) ? given : isRecord(given) ? [given] : [];
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document))
    if (key !== "jobs" && key !== "matrix") root[key] = value;
  const jobOf = (
    id: string,
    line: number | undefined,
    own: Record<string, unknown>,
    where: (string | number)[] | undefined,
  ): PipelineJob => {
    // An entry of `include` inherits the first value of each key the root expands a matrix from.
    const inherited =
      where === undefined
        ? root
        : Object.fromEntries(
            Object.entries(root).map(([key, value]) => [
              key,
              expanding.includes(key) && Array.isArray(value) ? value[0] : value,
            ]),
          );
    const settings = { ...inherited, ...own };
    const commands: Located<string>[] = [];
    for (const phase of phases) {
      const mine = where !== undefined && phase in own;
      const value = mine ? own[phase] : root[phase];
      if (value === undefined) {
        if (node && (phase === "install" || phase === "script"))
          commands.push({ path, line, value: defaults[phase] });
        continue;
      }
      const base = mine ? [...where, phase] : [phase];
      const list = Array.isArray(value) ? value : [value];
      list.forEach((item: unknown, i) => {
        if (typeof item !== "string" || item.trim() === "skip") return;
        commands.push({ path, line: at(Array.isArray(value) ? [...base, i] : base), value: item });
      });
    }
    // A deployment to npm (Travis's `dpl` provider) runs `npm publish` after the script.
    const deploy = where !== undefined && "deploy" in own ? own["deploy"] : root["deploy"];
    const deployBase = where !== undefined && "deploy" in own ? [...where, "deploy"] : ["deploy"];
    (Array.isArray(deploy) ? deploy : [deploy]).forEach((target: unknown, i) => {
      if (isRecord(target) && target["provider"] === "npm")
        commands.push({
          path,
          line: at([...deployBase, ...(Array.isArray(deploy) ? [i] : []), "provider"]),
          value: "npm publish",
        });
    });
    return { id, line, settings, steps: [], commands };
  };
  const jobs: PipelineJob[] = [];
  if (include.length === 0 || expanding.some((key) => root[key] !== undefined))
    jobs.push(jobOf("default", at(["language"]) ?? at(["script"]), {}, undefined));
  include.slice(0, maxJobs).forEach((entry: unknown, i) => {
    if (!isRecord(entry)) return;
    const where = [matrixKey, "include", ...(Array.isArray(given) ? [i] : [])];
    const name = entry["name"];
    const id =
      typeof name === "string" && name !== ""
        ? name
        : `${matrixKey}.include[${String(i)}]${typeof entry["stage"] === "string" ? ` (${entry["stage"]})` : ""}`;
    jobs.push(jobOf(id, at(where), entry, where));
  });
  return jobs;
}

/** The Node versions a Travis job runs on: its `node_js` (one, or a list), as written. */
export function travisNodeVersions(job: PipelineJob): string[] {
  const given = job.settings["node_js"];
  return (Array.isArray(given) ? given : [given]).flatMap((value: unknown) =>
    typeof value === "string" || typeof value === "number" ? [String(value)] : [],
  );
}
