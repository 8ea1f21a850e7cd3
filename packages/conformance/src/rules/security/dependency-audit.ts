import { defineRule, fail, pass } from "../define.js";
import { packageManagerOf, securityScans, type SecurityScan } from "@paved/facts";

/** Where a scan is, as a finding's location. */
export const scanAt = (scan: SecurityScan) => ({
  path: scan.at.path,
  ...(scan.at.line ? { line: scan.at.line } : {}),
});

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
  reads: [securityScans],
  judge(facts) {
    const scan = facts
      .get(securityScans)
      .find((found) => found.tool.scans === "dependencies" && found.by !== "pre-commit");
    if (scan) return pass(`CI audits dependencies${scanHow(scan)}.`, scanAt(scan));
    return fail(
      "No dependency audit runs in CI.",
      undefined,
      `Add \`actions/dependency-review-action\` on pull requests and \`${packageManagerOf(facts).audit}\` (or OSV-Scanner) on main.`,
    );
  },
});
