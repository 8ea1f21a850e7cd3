import type { Report } from "../audit.js";
import { findingTag, governanceLines } from "./governance.js";

const icon: Record<string, string> = {
  pass: "✅",
  partial: "🟡",
  fail: "❌",
  "not-evaluated": "❔",
  "not-applicable": "➖",
};

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`. */
export function renderMarkdown(report: Report): string {
  const lines = [
    `## Paved audit: ${String(report.score)}/100`,
    "",
    `Coverage ${String(Math.round(report.coverage * 100))}% of rules evaluated · ${String(report.target.files)} files · ${String(report.target.projects.length)} project(s)`,
    "",
    "| station | status | score |",
    "| --- | --- | --- |",
    ...report.stations.map(
      (station) =>
        `| ${station.title} | ${icon[station.status] ?? ""} ${station.status} | ${station.score === null ? "—" : String(station.score)} |`,
    ),
  ];
  if (report.blindSpots.length > 0) {
    lines.push(
      "",
      "### Blind spots",
      "",
      ...report.blindSpots.map((spot) => `- **${spot.title}** lets through: ${spot.defectClass}.`),
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
    for (const finding of failures) {
      const where = finding.location
        ? `\`${finding.location.path}${finding.location.line ? `:${String(finding.location.line)}` : ""}\``
        : "";
      lines.push(
        `| \`${finding.ruleId}\`${findingTag(finding)} | ${cell(finding.project)} | ${where} | ${cell(finding.message)} | ${cell(finding.remediation)} |`,
      );
    }
  }
  const unevaluated = report.findings.filter((finding) => finding.outcome === "not-evaluated");
  if (unevaluated.length > 0) {
    lines.push("", "<details><summary>Not evaluated</summary>", "");
    for (const finding of unevaluated)
      lines.push(
        `- \`${finding.ruleId}\` (${finding.project}): ${finding.reason ?? finding.message}`,
      );
    lines.push("", "</details>");
  }
  return `${lines.join("\n")}\n`;
}
