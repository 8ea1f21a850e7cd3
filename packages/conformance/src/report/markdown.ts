import { deliveryLine } from "@paved/delivery";
import type { Report } from "../audit.js";
import type { Finding } from "../model.js";
import { markdownCode, markdownText } from "./escape.js";
import { findingTag, governanceLines } from "./governance.js";
import { truncationProblem } from "./bounds.js";
import { notJudgedLine } from "./roles.js";

const icon: Record<string, string> = {
  pass: "✅",
  partial: "🟡",
  fail: "❌",
  "not-evaluated": "❔",
  "not-applicable": "➖",
};

/** GitHub rejects comments over 65,536 characters; stay under it with room for a wrapper. */
export const markdownBudget = 60_000;

/**
 * Our own Markdown (the catalogue's titles, a rule's remediation) in a table cell or list item:
 * kept as Markdown, on one line, with `|` escaped because it ends a cell even inside code.
 */
const ours = (text: string): string => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");

/** Where a finding points: a repository path, shown as code that nothing in it can close. */
const where = (finding: Finding): string =>
  finding.location
    ? markdownCode(
        `${finding.location.path}${finding.location.line ? `:${String(finding.location.line)}` : ""}`,
      )
    : "";

/** Appends `items` while the text stays within the budget; says how many were left out. */
function appendWithin(lines: string[], items: readonly string[], what: string): void {
  let length = lines.join("\n").length;
  const reserve = 200;
  for (const [index, item] of items.entries()) {
    if (length + item.length + 1 > markdownBudget - reserve) {
      lines.push(
        "",
        `…and ${String(items.length - index)} more ${what}, left out to fit a comment; the JSON report (\`--format json\`) lists them all.`,
      );
      return;
    }
    lines.push(item);
    length += item.length + 1;
  }
}

/** Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`. */
export function renderMarkdown(report: Report): string {
  const lines = [
    `## Paved audit: ${String(report.score)}/100`,
    "",
    `Coverage ${String(Math.round(report.coverage * 100))}% of rules evaluated · ${String(report.target.files)} files · ${String(report.target.projects.length)} project(s)`,
    ...(notJudgedLine(report, markdownText) ? ["", notJudgedLine(report, markdownText) ?? ""] : []),
    ...(report.delivery ? ["", ours(deliveryLine(report.delivery))] : []),
    // Up front: the comment's own budget may leave out the problems at its end.
    ...(report.truncated ? ["", `> ${truncationProblem(report.truncated)}`] : []),
    "",
    "| station | status | score |",
    "| --- | --- | --- |",
    ...report.stations.map(
      (station) =>
        `| ${ours(station.title)} | ${icon[station.status] ?? ""} ${station.status} | ${station.score === null ? "—" : String(station.score)} |`,
    ),
  ];
  if (report.blindSpots.length > 0) {
    lines.push(
      "",
      "### Blind spots",
      "",
      ...report.blindSpots.map(
        (spot) =>
          `- **${ours(spot.title)}** lets through: ${ours(spot.defectClass)}. Why: ${ours(spot.why)}.`,
      ),
    );
  }
  const partial = report.stations.filter(
    (station) =>
      station.status === "partial" && !report.blindSpots.some((s) => s.station === station.id),
  );
  if (partial.length > 0) {
    lines.push(
      "",
      "### Partial stations",
      "",
      ...partial.map((station) => `- **${ours(station.title)}**: ${ours(station.why ?? "")}.`),
    );
  }
  const governance = governanceLines(report);
  if (governance.length > 0)
    lines.push("", "### Configuration", "", ...governance.map((line) => `- ${markdownText(line)}`));
  const failures = report.findings.filter((finding) => finding.outcome === "fail");
  if (failures.length > 0) {
    lines.push(
      "",
      "### Findings",
      "",
      "| rule | project | where | what | fix |",
      "| --- | --- | --- | --- | --- |",
    );
    appendWithin(
      lines,
      failures.map(
        (finding) =>
          `| \`${finding.ruleId}\`${findingTag(finding)} | ${markdownText(finding.project)} | ${where(finding)} | ${markdownText(finding.message)} | ${ours(finding.remediation)} |`,
      ),
      "findings",
    );
  }
  const unevaluated = report.findings.filter((finding) => finding.outcome === "not-evaluated");
  if (unevaluated.length > 0) {
    lines.push("", "<details><summary>Not evaluated</summary>", "");
    appendWithin(
      lines,
      unevaluated.map(
        (finding) =>
          `- \`${finding.ruleId}\` (${markdownText(finding.project)}): ${markdownText(finding.reason ?? finding.message)}`,
      ),
      "unevaluated findings",
    );
    lines.push("", "</details>");
  }
  if (report.problems.length > 0) {
    lines.push("", "### Problems while indexing", "");
    appendWithin(
      lines,
      report.problems.map((problem) => `- ${markdownText(problem)}`),
      "problems",
    );
  }
  return `${lines.join("\n")}\n`;
}
