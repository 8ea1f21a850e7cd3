import { defineRule, fail, notApplicable, pass } from "../define.js";
import { ciPipelines, isRecord, type PipelineStep } from "@paved/facts";

/** Whether a step checks out the pull request's head (or merge commit). */
function checksOutHead({ settings: step }: PipelineStep): boolean {
  if (
    typeof step["run"] === "string" &&
    /\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*pull\//.test(step["run"].slice(0, 2048))
  )
    return true;
  if (typeof step["uses"] !== "string" || !step["uses"].startsWith("actions/checkout"))
    return false;
  const ref =
    isRecord(step["with"]) && typeof step["with"]["ref"] === "string" ? step["with"]["ref"] : "";
  return /github\.event\.pull_request\.(head|merge_commit_sha)|github\.head_ref|refs\/pull\//.test(
    ref,
  );
}

export default defineRule({
  meta: {
    id: "ci/pull-request-target",
    station: "ci",
    description: "No `pull_request_target` workflow checks out the pull request's code.",
    rationale:
      "`pull_request_target` runs with the base repository's secrets; checking out and running a fork's code there hands them to any contributor.",
    remediation:
      "Use `pull_request` for workflows that run PR code; keep `pull_request_target` for labelling and commenting, without checking out the head.",
    severity: "error",
    scope: "repo",
  },
  reads: [ciPipelines],
  judge(facts) {
    const targeted = facts
      .get(ciPipelines)
      .filter(
        (pipeline) =>
          pipeline.provider === "github" &&
          pipeline.triggers.some((trigger) => trigger.value === "pull_request_target"),
      );
    if (targeted.length === 0) return notApplicable("No workflow runs on pull_request_target.");
    return targeted.map((workflow) => {
      const step = workflow.jobs.flatMap((job) => job.steps).find(checksOutHead);
      if (!step)
        return pass(`${workflow.path} uses pull_request_target without checking out PR code.`, {
          path: workflow.path,
        });
      // A called reusable workflow's step is reported where it is, in the called file.
      const through = step.path === workflow.path ? "" : ` (in ${step.path}, which it calls)`;
      return fail(
        `${workflow.path} checks out pull request code under pull_request_target${through}.`,
        {
          path: step.path,
          ...(step.line ? { line: step.line } : {}),
        },
      );
    });
  },
});
