import { fixKey, type Report } from "@paved/conformance";

/**
 * The rules `paved adopt` has a fix for, as plain data: `paved audit --format json` marks their
 * failures `fixable` without loading the engine and its parsers (which would triple an audit's
 * time). Whether a fix applies to a given repository only the plan says (`paved adopt
 * --dry-run`, or the SARIF report's `fixes`). A test holds this list to the fixers.
 */
export const fixableRules: readonly string[] = [
  "ci/actions-pinned",
  "ci/permissions",
  "ci/pipeline-intact",
  "ci/pipeline-present",
  "ci/runs-stations",
  "ci/timeouts",
  "dependency-updates/bot",
  "format/check-in-line",
  "format/formatter-configured",
  "lint/linter-configured",
  "lint/type-aware",
  "pre-commit/hook-manager",
  "pre-commit/staged-checks",
  "release/tooling",
  "review/codeowners",
  "review/pr-template",
  "runtime/engines",
  "runtime/node-version-pinned",
  "runtime/package-manager",
  "security/dependency-audit",
  "security/policy",
  "security/sast",
  "security/secret-scanning",
  "test/coverage-threshold",
  "test/runner",
  "test/script",
  "typecheck/strict",
  "typecheck/strict-flags",
];

/**
 * The failures of the rules in `fixableRules`, keyed as `renderJson` marks them: what every
 * JSON report of an audit (`paved audit`, each report of `paved fleet`) marks `fixable`.
 */
export function fixableKeys(report: Report): Set<string> {
  const fixable = new Set(fixableRules);
  return new Set(
    report.findings
      .filter((finding) => fixable.has(finding.ruleId))
      .map((finding) => fixKey(finding.ruleId, finding.project)),
  );
}
