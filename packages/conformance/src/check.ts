import { stationById } from "@paved/stations";
import type { Finding, Project, Verdict } from "./model.js";
import type { Facts } from "@paved/facts";
import type { Rule } from "./rules/define.js";

function applies(rule: Rule, project: Project): boolean {
  const station = stationById(rule.meta.station);
  if (!station) return false;
  // Examples, fixtures, docs sites and the like are listed in the report, not judged.
  if ((project.role ?? "product") !== "product") return false;
  if (rule.meta.scope === "repo") return project.dir === "";
  return station.appliesTo.some((kind) => project.kinds.includes(kind));
}

/** Runs one rule; a rule that throws is reported as not evaluated, never as a crash of the audit. */
function runRule(rule: Rule, facts: Facts, project: Project): Verdict[] {
  try {
    const verdict = rule.judge(facts, project);
    return Array.isArray(verdict) ? verdict : [verdict];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        outcome: "not-evaluated",
        message: "The rule could not evaluate this project.",
        reason: `internal error: ${reason}`,
      },
    ];
  }
}

/** Every rule against every project it applies to, all judging the same facts. */
export function check(
  facts: Facts,
  projects: readonly Project[],
  rules: readonly Rule[],
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const project of projects) {
      if (!applies(rule, project)) continue;
      for (const verdict of runRule(rule, facts, project)) {
        findings.push({
          ruleId: rule.meta.id,
          station: rule.meta.station,
          project: project.dir === "" ? "." : project.dir,
          outcome: verdict.outcome,
          severity: rule.meta.severity,
          message: verdict.message,
          ...(verdict.location ? { location: verdict.location } : {}),
          ...(verdict.reason ? { reason: verdict.reason } : {}),
          remediation: verdict.remediation ?? rule.meta.remediation,
        });
      }
    }
  }
  return findings;
}
