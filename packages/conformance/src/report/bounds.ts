import type { Finding, Outcome } from "../model.js";

/**
 * The caps that keep a report's size proportional to the rules, not to what a repository can
 * amplify (a nested exports map, 150,000 packages): every format renders the bounded report,
 * and says what was cut.
 */
export const reportCaps = {
  /** Findings kept per rule; failures and not-evaluated ones are kept first. */
  findingsPerRule: 200,
  /** Characters kept of a message or a reason. */
  messageChars: 2000,
  /** Problem lines kept. */
  problems: 200,
} as const;

/** What the caps cut: present in the report only when something was. */
export interface Truncated {
  /** Findings left out (over `findingsPerRule`). */
  findings: number;
  /** Messages and reasons shortened (over `messageChars`). */
  messages: number;
  /** Problem lines left out (over `problems`). */
  problems: number;
}

/** Which findings of a rule over its cap are kept first: what a team must act on. */
const keepFirst: Record<Outcome, number> = {
  fail: 0,
  "not-evaluated": 1,
  pass: 2,
  "not-applicable": 3,
};

function shorten(text: string, cut: { messages: number }): string {
  if (text.length <= reportCaps.messageChars) return text;
  cut.messages += 1;
  const dropped = text.length - reportCaps.messageChars;
  return `${text.slice(0, reportCaps.messageChars)}… (${String(dropped)} more characters)`;
}

/** The findings of each rule, at most `findingsPerRule`, in their order, messages shortened. */
function boundFindings(findings: readonly Finding[], cut: Truncated): Finding[] {
  const byRule = new Map<string, number[]>();
  findings.forEach((finding, i) => {
    const list = byRule.get(finding.ruleId) ?? [];
    list.push(i);
    byRule.set(finding.ruleId, list);
  });
  const kept = new Set<number>();
  for (const indices of byRule.values()) {
    const ranked = indices.toSorted(
      (a, b) =>
        keepFirst[findings[a]?.outcome ?? "pass"] - keepFirst[findings[b]?.outcome ?? "pass"],
    );
    for (const i of ranked.slice(0, reportCaps.findingsPerRule)) kept.add(i);
    cut.findings += Math.max(0, indices.length - reportCaps.findingsPerRule);
  }
  return findings
    .filter((_, i) => kept.has(i))
    .map((finding) => ({
      ...finding,
      message: shorten(finding.message, cut),
      ...(finding.reason === undefined ? {} : { reason: shorten(finding.reason, cut) }),
    }));
}

/** The line every format shows when the caps cut something. */
export function truncationProblem(cut: Truncated): string {
  const parts = [
    cut.findings > 0
      ? `${String(cut.findings)} findings over ${String(reportCaps.findingsPerRule)} per rule left out (failures kept first)`
      : "",
    cut.messages > 0
      ? `${String(cut.messages)} messages over ${String(reportCaps.messageChars)} characters shortened`
      : "",
    cut.problems > 0
      ? `${String(cut.problems)} problems over the first ${String(reportCaps.problems)} left out`
      : "",
  ].filter(Boolean);
  return `report: ${parts.join("; ")}; the score counts everything`;
}

/** Findings and problems within the caps, and what was cut (undefined when nothing was). */
export function boundReport(
  findings: readonly Finding[],
  problems: readonly string[],
): { findings: Finding[]; problems: string[]; truncated?: Truncated } {
  const cut: Truncated = { findings: 0, messages: 0, problems: 0 };
  const bounded = boundFindings(findings, cut);
  const kept = problems.slice(0, reportCaps.problems).map((problem) => shorten(problem, cut));
  cut.problems = Math.max(0, problems.length - reportCaps.problems);
  if (cut.findings + cut.messages + cut.problems === 0)
    return { findings: bounded, problems: kept };
  return { findings: bounded, problems: [...kept, truncationProblem(cut)], truncated: cut };
}
