import { createHash } from "node:crypto";
import type { Report } from "../audit.js";
import type { Finding, RuleMeta, Severity } from "../model.js";

const level: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  note: "note",
};

/** Where a finding points; findings about a whole project point at its package.json (SARIF needs a file). */
function artifact(finding: Finding): { uri: string; line: number } {
  if (finding.location) return { uri: finding.location.path, line: finding.location.line ?? 1 };
  return {
    uri: finding.project === "." ? "package.json" : `${finding.project}/package.json`,
    line: 1,
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: failing findings become results; every rule is described
 * in the driver, with its remediation as help text.
 */
export function renderSarif(report: Report, rules: readonly RuleMeta[]): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = report.findings
    .filter((finding) => finding.outcome === "fail")
    .map((finding) => {
      const where = artifact(finding);
      return {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
        level: level[finding.severity],
        message: { text: `${finding.message} Fix: ${finding.remediation}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: where.uri, uriBaseId: "%SRCROOT%" },
              region: { startLine: where.line },
            },
          },
        ],
        partialFingerprints: {
          pavedFinding: createHash("sha256")
            .update(`${finding.ruleId}\0${finding.project}\0${finding.message}`)
            .digest("hex")
            .slice(0, 32),
        },
        properties: { station: finding.station, project: finding.project },
      };
    });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "paved",
            version: report.tool.version,
            informationUri: "https://www.npmjs.com/package/paved",
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[/-](\w)/g, (_, letter: string) => letter.toUpperCase()),
              shortDescription: { text: rule.description },
              fullDescription: { text: `${rule.description} ${rule.rationale}` },
              help: {
                text: rule.remediation,
                markdown: `**Why:** ${rule.rationale}\n\n**Fix:** ${rule.remediation}`,
              },
              defaultConfiguration: { level: level[rule.severity] },
              properties: { station: rule.station, tags: ["paved", rule.station] },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: "file:///" } },
        results,
        properties: {
          score: report.score,
          coverage: report.coverage,
          blindSpots: report.blindSpots.map((spot) => spot.station),
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
