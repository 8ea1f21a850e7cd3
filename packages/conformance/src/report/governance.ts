import type { Report } from "../audit.js";
import type { Finding } from "../model.js";

/** " [waived]", " [new]" or " [known]" after a failing finding's rule id, where it applies. */
export function findingTag(finding: Finding): string {
  if (finding.waiver) return " [waived]";
  if (finding.baseline === "new") return " [new]";
  return finding.baseline === "existing" ? " [known]" : "";
}

/**
 * Lines describing what configuration and baseline did to an audit: waivers, skipped stations,
 * severity changes, settings an organisation config overruled, and baseline versus new. Shared
 * by the pretty and Markdown reporters so that nothing is switched off silently in either.
 */
export function governanceLines(report: Report): string[] {
  const lines: string[] = [];
  const { config, baseline } = report;
  if (config.sources.length > 0)
    lines.push(
      `Config: ${config.sources.map((source) => `${source.path} (${source.origin})`).join(", ")}`,
    );
  for (const waived of config.waived) {
    lines.push(
      `Waived: ${waived.ruleId} in ${waived.path ?? waived.project} until ${waived.expires}, owner ${waived.owner} — ${waived.reason} (${waived.source})`,
    );
  }
  for (const expired of config.expiredWaivers)
    lines.push(
      `Expired waiver: ${expired.rule}, owner ${expired.owner}, expired ${expired.expired} (${expired.source})`,
    );
  for (const skipped of config.skipped)
    lines.push(`Skipped station: ${skipped.station} — ${skipped.reason} (${skipped.source})`);
  for (const setting of config.severities)
    lines.push(`Severity: ${setting.rule} → ${setting.severity} (${setting.source})`);
  for (const rejected of config.rejected)
    lines.push(`Ignored: ${rejected.setting} in ${rejected.source} — ${rejected.why}`);
  if (baseline) {
    lines.push(
      `Baseline ${baseline.path}: ${String(baseline.existing)} known failure(s), ${String(baseline.new)} new, ${String(baseline.fixed)} fixed since`,
    );
  }
  return lines;
}
