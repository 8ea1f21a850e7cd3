import type { Report } from "../audit.js";
import { fixKey } from "./sarif.js";

/**
 * The versioned JSON report (schema: docs/audit-report.md, `schemaVersion`). Failures that
 * `paved adopt` can fix (`fixable`, keyed by `fixKey(ruleId, project)`) are marked
 * `"fixable": true`.
 */
export function renderJson(report: Report, fixable: ReadonlySet<string> = new Set()): string {
  const findings = report.findings.map((finding) =>
    finding.outcome === "fail" && fixable.has(fixKey(finding.ruleId, finding.project))
      ? { ...finding, fixable: true as const }
      : finding,
  );
  return `${JSON.stringify({ ...report, findings }, null, 2)}\n`;
}
