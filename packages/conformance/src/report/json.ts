import type { Report } from "../audit.js";

/**
 * The versioned JSON report (schema: docs/audit-report.md, `schemaVersion`). Failures of the
 * rules in `fixable` (those `paved adopt` can fix) are marked `"fixable": true`.
 */
export function renderJson(report: Report, fixable: ReadonlySet<string> = new Set()): string {
  const findings = report.findings.map((finding) =>
    finding.outcome === "fail" && fixable.has(finding.ruleId)
      ? { ...finding, fixable: true as const }
      : finding,
  );
  return `${JSON.stringify({ ...report, findings }, null, 2)}\n`;
}
