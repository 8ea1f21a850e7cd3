import { defineRule, fail, notEvaluated, pass } from "../define.js";
import {
  ciPipelines,
  packageManagerOf,
  securityScans,
  soleProvider,
  unreadPipelines,
  type Facts,
  type SecurityScan,
} from "@paved/facts";

/** Where a scan is, as a finding's location. */
export const scanAt = (scan: SecurityScan) => ({
  path: scan.at.path,
  ...(scan.at.line ? { line: scan.at.line } : {}),
});

/**
 * A scan not found where CI the audit cannot read might run one (another repository's reusable
 * workflow, another provider): not evaluated, naming what was not read.
 */
export function unreadScan(facts: Facts, what: string) {
  const unread = unreadPipelines(facts.files);
  return unread.length > 0
    ? notEvaluated(`No readable CI step ${what}.`, unread.join("; "))
    : undefined;
}

/** How a scan runs, in words for a verdict. */
export function scanHow(scan: SecurityScan): string {
  if (scan.by === "ci-action") return ` with ${scan.at.value.split("@")[0] ?? scan.at.value}`;
  if (scan.by === "gitlab-template") return ` with GitLab's template ${scan.at.value}`;
  return `: \`${scan.at.value.trim()}\``;
}

export default defineRule({
  meta: {
    id: "security/dependency-audit",
    station: "security",
    description:
      "CI audits dependencies for known vulnerabilities (npm/pnpm/yarn audit, OSV-Scanner, dependency-review-action, Snyk, Trivy, audit-ci, GitLab dependency scanning).",
    rationale:
      "Known-vulnerable versions stay in the tree until something looks for them; an advisory database does.",
    remediation:
      "Add `actions/dependency-review-action` on pull requests and `pnpm audit --prod` (or OSV-Scanner) on main.",
    severity: "error",
    scope: "repo",
  },
  reads: [securityScans, ciPipelines],
  judge(facts) {
    const scan = facts
      .get(securityScans)
      .find((found) => found.tool.scans === "dependencies" && found.by !== "pre-commit");
    if (scan) return pass(`CI audits dependencies${scanHow(scan)}.`, scanAt(scan));
    const unread = unreadScan(facts, "audits dependencies");
    if (unread) return unread;
    const audit = packageManagerOf(facts).audit;
    const only = soleProvider(facts.get(ciPipelines));
    // Advice for the CI the repository has: the review action is GitHub's alone.
    return fail(
      "No dependency audit runs in CI.",
      undefined,
      only === "circleci"
        ? `Run \`${audit}\` (or OSV-Scanner) in a CircleCI job of .circleci/config.yml.`
        : only === "travis"
          ? `Run \`${audit}\` (or OSV-Scanner) in the \`script\` of a job of .travis.yml.`
          : only === "azure"
            ? `Run \`${audit}\` (or OSV-Scanner) in a \`script\` step of a job of ${facts.get(ciPipelines)[0]?.path ?? "azure-pipelines.yml"}.`
            : `Add \`actions/dependency-review-action\` on pull requests and \`${audit}\` (or OSV-Scanner) on main.`,
    );
  },
});
