import { pathToFileURL } from "node:url";
import type { Report } from "../audit.js";
import { sha256 } from "@paved/facts";
import type { Finding, FindingFix, RuleMeta, Severity } from "../model.js";
import { sarifText } from "./escape.js";

const level: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  note: "note",
};

/** A relative path as a relative URI reference: spaces, `%`, `?`, `#` and non-ASCII escaped. */
const toUri = (path: string): string =>
  encodeURI(path).replace(/[?#]/g, (char) => encodeURIComponent(char));

/** Where a finding points; findings about a whole project point at its package.json (SARIF needs a file). */
function artifact(finding: Finding): { path: string; line: number } {
  if (finding.location)
    return { path: finding.location.path, line: Math.max(1, finding.location.line ?? 1) };
  return {
    path: finding.project === "." ? "package.json" : `${finding.project}/package.json`,
    line: 1,
  };
}

/** Stable across runs and line shifts: the rule, the project, the file and what was found. */
function fingerprint(finding: Finding, path: string): string {
  return sha256(`${finding.ruleId}\0${finding.project}\0${path}\0${finding.message}`).slice(0, 32);
}

/** `%SRCROOT%` is the audited directory; in-memory audits have no directory to name. */
function sourceRoot(report: Report): { originalUriBaseIds?: Record<string, { uri: string }> } {
  if (report.target.method === "memory") return {};
  const url = pathToFileURL(report.target.path).href;
  return { originalUriBaseIds: { "%SRCROOT%": { uri: url.endsWith("/") ? url : `${url}/` } } };
}

/** The one span of `before` that differs from `after`: a common prefix and suffix stay. */
function replacement(before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start])
    start += 1;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end += 1;
  return {
    deletedRegion: { charOffset: start, charLength: before.length - start - end },
    insertedContent: { text: after.slice(start, after.length - end) },
  };
}

/** SARIF `fixes`: each file's edit as one replacement (a new file: an insertion into nothing). */
function sarifFixes(fix: FindingFix) {
  return [
    {
      description: { text: fix.description },
      artifactChanges: fix.changes.map((change) => ({
        artifactLocation: { uri: toUri(change.path), uriBaseId: "%SRCROOT%" },
        replacements: [replacement(change.before ?? "", change.after)],
      })),
    },
  ];
}

/** The key of a finding's fix: its rule and project. */
export const fixKey = (ruleId: string, project: string): string => `${ruleId}\0${project}`;

/**
 * SARIF 2.1.0 for GitHub code scanning: failing findings become results; every rule is described
 * in the driver, with its remediation as help text. A result that `paved adopt` can fix carries
 * the fix (`fixes`, keyed by `fixKey`), so that viewers can offer it.
 */
export function renderSarif(
  report: Report,
  rules: readonly RuleMeta[],
  fixes: ReadonlyMap<string, FindingFix> = new Map(),
): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = report.findings
    .filter((finding) => finding.outcome === "fail")
    .map((finding) => {
      const where = artifact(finding);
      const index = ruleIndex.get(finding.ruleId);
      const fix = fixes.get(fixKey(finding.ruleId, finding.project));
      return {
        ruleId: finding.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: level[finding.severity],
        message: { text: `${sarifText(finding.message)} Fix: ${finding.remediation}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: toUri(where.path), uriBaseId: "%SRCROOT%" },
              region: { startLine: where.line },
            },
          },
        ],
        partialFingerprints: { pavedFinding: fingerprint(finding, where.path) },
        ...(fix === undefined ? {} : { fixes: sarifFixes(fix) }),
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
        ...sourceRoot(report),
        results,
        properties: {
          score: report.score,
          coverage: report.coverage,
          blindSpots: report.blindSpots.map((spot) => spot.station),
          // What the report's caps cut, so that a viewer knows the results are not all there.
          ...(report.truncated ? { truncated: report.truncated } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
