import type { Report } from "../audit.js";

/** The versioned JSON report (schema: docs/audit-report.md, `schemaVersion`). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
