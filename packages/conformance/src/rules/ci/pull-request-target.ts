import { defineRule, fail, notApplicable, pass } from "../define.js";
import { githubJobs, githubSteps, isRecord, lineOf, pipelines } from "../evidence/ci.js";

function triggers(document: unknown): string[] {
  const on = isRecord(document) ? (document["on"] ?? document["true"]) : undefined;
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((item): item is string => typeof item === "string");
  return isRecord(on) ? Object.keys(on) : [];
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
  check({ index }) {
    const targeted = pipelines(index).filter(
      (pipeline) =>
        pipeline.provider === "github" &&
        pipeline.document.ok &&
        triggers(pipeline.document.value).includes("pull_request_target"),
    );
    if (targeted.length === 0) return notApplicable("No workflow runs on pull_request_target.");
    return targeted.map((workflow) => {
      const document = workflow.document.ok ? workflow.document.value : undefined;
      const checksOutHead = githubJobs(document).some(([, job]) =>
        githubSteps(job).some((step) => {
          if (
            typeof step["run"] === "string" &&
            /\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*pull\//.test(step["run"].slice(0, 2048))
          )
            return true;
          if (typeof step["uses"] !== "string" || !step["uses"].startsWith("actions/checkout"))
            return false;
          const ref = isRecord(step["with"])
            ? typeof step["with"]["ref"] === "string"
              ? step["with"]["ref"]
              : ""
            : "";
          return /github\.event\.pull_request\.(head|merge_commit_sha)|github\.head_ref|refs\/pull\//.test(
            ref,
          );
        }),
      );
      if (!checksOutHead)
        return pass(`${workflow.path} uses pull_request_target without checking out PR code.`, {
          path: workflow.path,
        });
      const line = lineOf(index, workflow.path, "pull_request_target");
      return fail(`${workflow.path} checks out pull request code under pull_request_target.`, {
        path: workflow.path,
        ...(line ? { line } : {}),
      });
    });
  },
});
