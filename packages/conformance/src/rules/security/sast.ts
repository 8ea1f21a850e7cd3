import { defineRule, fail, pass } from "../define.js";
import { ciActions, ciCommands } from "@paved/facts";

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
  reads: [ciCommands, ciActions],
  judge(facts) {
    const index = facts.files;
    const action = facts
      .get(ciActions)
      .find((entry) =>
        /^(github\/codeql-action|returntocorp\/semgrep-action|semgrep\/semgrep-action)\b/.test(
          entry.value,
        ),
      );
    if (action)
      return pass(`SAST runs: ${action.value.split("@")[0] ?? ""}.`, {
        path: action.path,
        ...(action.line ? { line: action.line } : {}),
      });
    const command = facts
      .get(ciCommands)
      .find((entry) => /\bsemgrep\b|\bcodeql\b/.test(entry.value));
    if (command) return pass(`SAST runs: \`${command.value.trim()}\`.`, { path: command.path });
    const gitlab = index.has(".gitlab-ci.yml") ? index.text(".gitlab-ci.yml") : undefined;
    if (gitlab?.ok && gitlab.value.includes("SAST.gitlab-ci.yml"))
      return pass("GitLab SAST is included.", { path: ".gitlab-ci.yml" });
    return fail("No static security analysis (CodeQL, Semgrep, GitLab SAST) runs.");
  },
});
