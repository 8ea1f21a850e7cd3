import { auditIndex, indexMemory, type Finding } from "@paved/conformance";
import { planFromReport, type Plan, type PlanOptions } from "./plan.js";

/** The worst outcome of a rule on a project in a list of findings. */
export function outcomeIn(findings: readonly Finding[], ruleId: string, project = "."): string {
  const found = findings.filter(
    (finding) => finding.ruleId === ruleId && finding.project === project,
  );
  for (const outcome of ["fail", "not-evaluated", "pass", "not-applicable"])
    if (found.some((finding) => finding.outcome === outcome)) return outcome;
  return "absent";
}

/** Plans on an in-memory repository, applies the plan there, and audits again. */
export function adoptMemory(files: Readonly<Record<string, string>>, options: PlanOptions = {}) {
  const index = indexMemory({ ...files });
  const plan: Plan = planFromReport(index, auditIndex(index, "/repo"), options);
  const after: Record<string, string> = { ...files };
  for (const change of plan.changes) after[change.path] = change.after;
  const afterIndex = indexMemory({ ...after });
  const report = auditIndex(afterIndex, "/repo");
  const again = planFromReport(afterIndex, report, options);
  return {
    plan,
    after,
    again,
    before: (ruleId: string, project?: string) => outcomeIn(plan.report.findings, ruleId, project),
    now: (ruleId: string, project?: string) => outcomeIn(report.findings, ruleId, project),
  };
}
