import { defineRule, fail, pass } from "../define.js";
import { securityScans } from "@paved/facts";
import { scanAt, scanHow, unreadScan } from "./dependency-audit.js";

export default defineRule({
  meta: {
    id: "security/sast",
    station: "security",
    description: "Static application security testing runs: CodeQL, Semgrep, or GitLab SAST.",
    rationale:
      "Injection, path traversal and prototype pollution are patterns a SAST engine finds before an attacker does.",
    remediation:
      "Add a CodeQL workflow (`github/codeql-action/init` and `analyze`, pinned by SHA) for JavaScript/TypeScript.",
    severity: "warning",
    scope: "repo",
  },
  reads: [securityScans],
  judge(facts) {
    const scan = facts.get(securityScans).find((found) => found.tool.scans === "code");
    if (scan) return pass(`SAST runs (${scan.tool.title})${scanHow(scan)}.`, scanAt(scan));
    const unread = unreadScan(facts, "runs static security analysis");
    if (unread) return unread;
    return fail("No static security analysis (CodeQL, Semgrep, GitLab SAST) runs.");
  },
});
