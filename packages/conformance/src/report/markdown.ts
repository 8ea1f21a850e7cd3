import type { Report } from "../audit.js";
import { printableReport } from "./printable.js";
import type { Finding } from "../model.js";
import { findingTag, governanceLines } from "./governance.js";
import { truncationProblem } from "./bounds.js";

const icon: Record<string, string> = {
  pass: "✅",
  partial: "🟡",
  fail: "❌",
  "not-evaluated": "❔",
  "not-applicable": "➖",
};

/** GitHub rejects comments over 65,536 characters; stay under it with room for a wrapper. */
export const markdownBudget = 60_000;

/** One line of text: newlines would end a table row or a list item early. */
const oneLine = (text: string): string => text.replace(/\r?\n/g, " ");

/** A table cell: `|` ends a cell even inside a code span, so it is escaped everywhere. */
const cell = (text: string): string => oneLine(text).replace(/\|/g, "\\|");

const where = (finding: Finding): string =>
  finding.location
    ? `\`${finding.location.path}${finding.location.line ? `:${String(finding.location.line)}` : ""}\``
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
export function renderMarkdown(untrusted: Report): string {
  const report = printableReport(untrusted);
  const lines = [
    `## Paved audit: ${String(report.score)}/100`,
    "",
    `Coverage ${String(Math.round(report.coverage * 100))}% of rules evaluated · ${String(report.target.files)} files · ${String(report.target.projects.length)} project(s)`,
    // Up front: the comment's own budget may leave out the problems at its end.
    ...(report.truncated ? ["", `> ${truncationProblem(report.truncated)}`] : []),
    "",
    "| station | status | score |",
    "| --- | --- | --- |",
    ...report.stations.map(
      (station) =>
        `| ${cell(station.title)} | ${icon[station.status] ?? ""} ${station.status} | ${station.score === null ? "—" : String(station.score)} |`,
    ),
  ];
  if (report.blindSpots.length > 0) {
    lines.push(
      "",
      "### Blind spots",
      "",
      ...report.blindSpots.map(
        (spot) => `- **${oneLine(spot.title)}** lets through: ${oneLine(spot.defectClass)}.`,
      ),
    );
  }
  const governance = governanceLines(report);
  if (governance.length > 0)
    lines.push("", "### Configuration", "", ...governance.map((line) => `- ${cell(line)}`));
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
          `| \`${finding.ruleId}\`${findingTag(finding)} | ${cell(finding.project)} | ${cell(where(finding))} | ${cell(finding.message)} | ${cell(finding.remediation)} |`,
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
          `- \`${finding.ruleId}\` (${oneLine(finding.project)}): ${oneLine(finding.reason ?? finding.message)}`,
      ),
      "unevaluated findings",
    );
    lines.push("", "</details>");
  }
  if (report.problems.length > 0) {
    lines.push("", "### Problems while indexing", "");
    appendWithin(
      lines,
      report.problems.map((problem) => `- ${oneLine(problem)}`),
      "problems",
    );
  }
  return `${lines.join("\n")}\n`;
}
