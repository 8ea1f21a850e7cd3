import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";
import { ciPipelines, isRecord } from "@paved/facts";

const writes = (permissions: unknown): boolean =>
  permissions === "write-all" ||
  (isRecord(permissions) && Object.values(permissions).some((level) => level === "write"));

export default defineRule({
  meta: {
    id: "ci/permissions",
    station: "ci",
    description:
      "Each GitHub workflow limits its token: top-level `permissions` read-only (or none), or, where there are none, `permissions` on every job; write scopes only on the jobs that need them.",
    rationale:
      "The default token can often write to the repository: one compromised step could push code or tamper with releases.",
    remediation:
      "Add `permissions: { contents: read }` (or `permissions: {}`) at the top of each workflow and grant writes per job.",
    severity: "error",
    scope: "repo",
  },
  reads: [ciPipelines],
  judge(facts) {
    const workflows = facts.get(ciPipelines).filter((pipeline) => pipeline.provider === "github");
    if (workflows.length === 0) return notApplicable("No GitHub workflows.");
    return workflows.map((workflow) => {
      const path = workflow.path;
      if (!workflow.document.ok)
        return notEvaluated("The workflow could not be parsed.", workflow.document.problem, {
          path,
        });
      const document = workflow.document.value;
      const top = isRecord(document) ? document["permissions"] : undefined;
      // A workflow only other workflows call runs with its caller's token, which it can only
      // narrow: the caller's permissions are the ones judged.
      const events = workflow.triggers.map((trigger) => trigger.value);
      if (
        top === undefined &&
        events.length > 0 &&
        events.every((event) => event === "workflow_call")
      )
        return notApplicable(
          `${path} runs only when another workflow calls it, with the caller's token.`,
        );
      if (top === undefined) {
        const unscoped = workflow.jobs.filter((job) => job.settings["permissions"] === undefined);
        const first = unscoped[0];
        if (first)
          return fail(
            `${path} sets no top-level permissions; jobs ${unscoped.map((job) => job.id).join(", ")} get the default token.`,
            { path, ...(first.line ? { line: first.line } : {}) },
          );
      } else if (writes(top)) {
        const line = workflow.lineOf("permissions");
        return fail(`${path} grants write permissions to every job at the top level.`, {
          path,
          ...(line ? { line } : {}),
        });
      }
      return pass(
        top === undefined
          ? `${path}: every job sets its own permissions.`
          : `${path} starts from read-only permissions.`,
        { path },
      );
    });
  },
});
