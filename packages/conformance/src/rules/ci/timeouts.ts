import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";
import { ciPipelines, isRecord, type Pipeline } from "@paved/facts";

/** `${{ inputs.minutes }}`: GitHub evaluates it when the job starts, so it cannot be judged here. */
const expression = /^\$\{\{[^}]+\}\}$/;

/** A positive, finite number: YAML's `.inf`, `0`, `-5`, `null` and `"never"` are no timeout. */
const positive = (value: unknown): boolean =>
  typeof value === "number" && Number.isFinite(value) && value > 0;

/** GitHub's `timeout-minutes`: a positive number of minutes, or an expression GitHub evaluates. */
export function githubTimeout(value: unknown): boolean {
  return positive(value) || (typeof value === "string" && expression.test(value.trim()));
}

/** A GitLab duration (`10m`, `1h 30m`, `3 hours`): each part a number and a unit, in sum > 0. */
const durationPart =
  /^(\d+(?:\.\d+)?)\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/;

/** GitLab's `timeout`: a positive number of seconds or a human duration such as `1h 30m`. */
export function gitlabTimeout(value: unknown): boolean {
  if (positive(value)) return true;
  if (typeof value !== "string" || value.length > 100) return false;
  const parts = value
    .trim()
    .toLowerCase()
    .split(/\s+(?=\d)|(?<=[a-z])(?=\d)/)
    .map((part) => durationPart.exec(part.trim()));
  return (
    parts.length > 0 &&
    parts.every((part) => part !== null) &&
    parts.some((part) => Number(part[1]) > 0)
  );
}

interface Missing {
  path: string;
  job: string;
  line: number | undefined;
  /** The key and the value set, when the job has one that is not a timeout. */
  invalid?: { key: string; value: unknown };
}

function githubMissing({ path, jobs }: Pipeline): Missing[] {
  return jobs.flatMap(({ id: job, line, settings }): Missing[] => {
    // A job that calls a reusable workflow takes its timeouts from that workflow's jobs.
    if (settings["uses"] !== undefined) return [];
    const value = settings["timeout-minutes"];
    if (value === undefined) return [{ path, job, line }];
    return githubTimeout(value)
      ? []
      : [{ path, job, line, invalid: { key: "timeout-minutes", value } }];
  });
}

function gitlabMissing(pipeline: Pipeline): Missing[] {
  const { path, jobs } = pipeline;
  const document = pipeline.document.ok ? pipeline.document.value : undefined;
  const defaults =
    isRecord(document) && isRecord(document["default"])
      ? document["default"]["timeout"]
      : undefined;
  if (defaults !== undefined && !gitlabTimeout(defaults))
    return [
      {
        path,
        job: "default",
        line: pipeline.lineOf("default"),
        invalid: { key: "timeout", value: defaults },
      },
    ];
  return jobs.flatMap(({ id: job, line, settings }): Missing[] => {
    const value = settings["timeout"];
    if (value === undefined) return defaults === undefined ? [{ path, job, line }] : [];
    return gitlabTimeout(value) ? [] : [{ path, job, line, invalid: { key: "timeout", value } }];
  });
}

/**
 * CircleCI ends a step that prints nothing for `no_output_timeout` (10 minutes unless set), so a
 * hung job ends without a setting: only a `run` step's `no_output_timeout` that is no duration
 * (`0m`, `never`) leaves one running.
 */
function circleciMissing({ path, jobs }: Pipeline): Missing[] {
  return jobs.flatMap(({ id: job, steps }) =>
    steps.flatMap(({ line, settings }): Missing[] => {
      const run = settings["run"];
      const value = isRecord(run) ? run["no_output_timeout"] : undefined;
      return value === undefined || gitlabTimeout(value)
        ? []
        : [{ path, job, line, invalid: { key: "no_output_timeout", value } }];
    }),
  );
}

/** `$(minutes)`, `${{ parameters.minutes }}`: Azure fills them when the run starts. */
const azureExpression = /^(?:\$\([\w.-]+\)|\$\{\{[^}]+\}\})$/;

/**
 * Azure Pipelines ends a job after 60 minutes unless its `timeoutInMinutes` says otherwise; `0`
 * asks for the longest the agent allows, which on a self-hosted agent is no limit at all.
 */
function azureMissing({ path, jobs }: Pipeline): Missing[] {
  return jobs.flatMap(({ id: job, line, settings }): Missing[] => {
    const value = settings["timeoutInMinutes"];
    if (value === undefined || positive(value)) return [];
    if (typeof value === "string" && azureExpression.test(value.trim())) return [];
    return [{ path, job, line, invalid: { key: "timeoutInMinutes", value } }];
  });
}

const missingOf = (pipeline: Pipeline): Missing[] =>
  pipeline.provider === "github"
    ? githubMissing(pipeline)
    : pipeline.provider === "gitlab"
      ? gitlabMissing(pipeline)
      : pipeline.provider === "circleci"
        ? circleciMissing(pipeline)
        : pipeline.provider === "azure"
          ? azureMissing(pipeline)
          : // Travis CI ends every job itself (10 minutes without output, 50–120 in all).
            [];

const shown = (value: unknown): string =>
  typeof value === "string" ? `"${value}"` : JSON.stringify(value);

export default defineRule({
  meta: {
    id: "ci/timeouts",
    station: "ci",
    description:
      "Every CI job has a timeout (`timeout-minutes` on GitHub, `timeout` on GitLab) that ends it: a positive, finite number of minutes or a `${{ }}` expression on GitHub, a positive duration such as `30m` or `1h 30m` on GitLab; `0`, negative numbers, `.inf`, `null` and words such as `never` are no timeout. CircleCI ends a step after 10 minutes without output unless a `run` step's `no_output_timeout` says otherwise, which must then be a positive duration too. Travis CI ends every job itself (after 10 minutes without output, 50 to 120 minutes in all); Azure Pipelines after 60 minutes unless a job's `timeoutInMinutes` says otherwise, which must then be a positive number (`0` is no limit on a self-hosted agent).",
    rationale:
      "A hung job holds a runner for hours (GitHub's default is 6) and delays every change behind it.",
    remediation:
      "Set `timeout-minutes:` on each GitHub job (or `timeout:` on each GitLab job), a little above its usual duration.",
    severity: "warning",
    scope: "repo",
  },
  reads: [ciPipelines],
  judge(facts) {
    const all = facts.get(ciPipelines).filter((pipeline) => pipeline.document.ok);
    if (all.length === 0) return notApplicable("No parseable CI pipeline.");
    const missing = all.flatMap(missingOf);
    const judged = all.some(
      (pipeline) =>
        pipeline.provider !== "github" ||
        pipeline.jobs.some((job) => job.settings["uses"] === undefined),
    );
    // Jobs that only call reusable workflows of other repositories: their timeouts are there.
    if (!judged)
      return notEvaluated(
        "Every CI job calls a reusable workflow of another repository, whose jobs set their own timeouts.",
        "the called workflows are not read",
        { path: all[0]?.path ?? ".github/workflows" },
      );
    if (missing.length === 0) {
      const notes = [
        ...(all.some((pipeline) => pipeline.provider === "circleci")
          ? [
              "CircleCI ends a step after 10 minutes without output unless its `no_output_timeout` says otherwise",
            ]
          : []),
        ...(all.some((pipeline) => pipeline.provider === "azure")
          ? [
              "Azure Pipelines ends a job after 60 minutes unless its `timeoutInMinutes` says otherwise",
            ]
          : []),
        ...(all.some((pipeline) => pipeline.provider === "travis")
          ? [
              "Travis CI ends a job after 10 minutes without output, and after 50 (public) or 120 minutes (private) in all",
            ]
          : []),
      ];
      return pass(
        `Every CI job has a timeout${notes.length === 0 ? "" : ` (${notes.join("; ")})`}.`,
      );
    }
    return missing.map(({ path, job, line, invalid }) => {
      const what =
        invalid === undefined
          ? `Job \`${job}\` has no timeout.`
          : `Job \`${job}\` has \`${invalid.key}: ${shown(invalid.value)}\`, which is no timeout: set ${invalid.key === "timeout" || invalid.key === "no_output_timeout" ? "a duration such as 30m" : "a positive number of minutes"}.`;
      return fail(what, { path, ...(line ? { line } : {}) });
    });
  },
});
