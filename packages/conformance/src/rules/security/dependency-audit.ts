import { defineRule, fail, pass } from "../define.js";
import { ciActions, ciCommands, packageManagerOf } from "@paved/facts";

const auditCommands =
  /\b(npm|pnpm|yarn|bun)\s+(audit|npm\s+audit)\b|\bosv-scanner\b|\bsnyk\s+test\b|\baudit-ci\b|\bbetter-npm-audit\b|\btrivy\s+fs\b/;
const auditActions =
  /^(actions\/dependency-review-action|google\/osv-scanner-action|snyk\/actions|aquasecurity\/trivy-action)\b/;

export default defineRule({
  meta: {
    id: "security/dependency-audit",
    station: "security",
    description:
      "CI audits dependencies for known vulnerabilities (npm/pnpm/yarn audit, OSV-Scanner, dependency-review-action, Snyk, Trivy).",
    rationale:
      "Known-vulnerable versions stay in the tree until something looks for them; an advisory database does.",
    remediation:
      "Add `actions/dependency-review-action` on pull requests and `pnpm audit --prod` (or OSV-Scanner) on main.",
    severity: "error",
    scope: "repo",
  },
  reads: [ciCommands, ciActions],
  judge(facts) {
    const index = facts.files;
    // `npm audit signatures` verifies registry signatures: it looks for no vulnerability.
    const command = facts
      .get(ciCommands)
      .find((entry) => auditCommands.test(entry.value.replace(/\baudit\s+signatures\b/g, "")));
    if (command)
      return pass(`CI audits dependencies: \`${command.value.trim()}\`.`, {
        path: command.path,
        ...(command.line ? { line: command.line } : {}),
      });
    const action = facts.get(ciActions).find((entry) => auditActions.test(entry.value));
    if (action)
      return pass(`CI audits dependencies with ${action.value.split("@")[0] ?? action.value}.`, {
        path: action.path,
        ...(action.line ? { line: action.line } : {}),
      });
    if (index.has(".gitlab-ci.yml")) {
      const text = index.text(".gitlab-ci.yml");
      if (text.ok && text.value.includes("Dependency-Scanning.gitlab-ci.yml"))
        return pass("GitLab dependency scanning is included.", { path: ".gitlab-ci.yml" });
    }
    return fail(
      "No dependency audit runs in CI.",
      undefined,
      `Add \`actions/dependency-review-action\` on pull requests and \`${packageManagerOf(facts).audit}\` (or OSV-Scanner) on main.`,
    );
  },
});
