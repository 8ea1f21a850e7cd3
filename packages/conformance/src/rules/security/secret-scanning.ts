import { defineRule, fail, pass } from "../define.js";
import { ciActions, ciCommands } from "@paved/facts";

export default defineRule({
  meta: {
    id: "security/secret-scanning",
    station: "security",
    description:
      "Secrets are scanned for: gitleaks or TruffleHog in CI or in the pre-commit hook, or GitLab secret detection.",
    rationale:
      "A key committed once stays in history forever; scanning stops it at the commit or the pull request.",
    remediation:
      "Add a TruffleHog job (`trufflesecurity/trufflehog`, pinned by SHA, as `paved ci` renders it) to the workflow, or on GitLab include `Jobs/Secret-Detection.gitlab-ci.yml`.",
    severity: "warning",
    scope: "repo",
  },
  reads: [ciCommands, ciActions],
  judge(facts) {
    const index = facts.files;
    const action = facts
      .get(ciActions)
      .find((entry) =>
        /^(gitleaks\/gitleaks-action|trufflesecurity\/trufflehog)\b/.test(entry.value),
      );
    if (action)
      return pass(`CI scans for secrets with ${action.value.split("@")[0] ?? ""}.`, {
        path: action.path,
        ...(action.line ? { line: action.line } : {}),
      });
    const command = facts
      .get(ciCommands)
      .find((entry) => /\b(gitleaks|trufflehog|detect-secrets|secretlint)\b/.test(entry.value));
    if (command)
      return pass(`CI scans for secrets: \`${command.value.trim()}\`.`, { path: command.path });
    for (const path of [
      ".husky/pre-commit",
      ".pre-commit-config.yaml",
      "lefthook.yml",
      ".gitlab-ci.yml",
    ]) {
      const text = index.has(path) ? index.text(path) : undefined;
      if (
        text?.ok &&
        /gitleaks|trufflehog|detect-secrets|secretlint|Secret-Detection\.gitlab-ci\.yml/.test(
          text.value,
        )
      ) {
        return pass(`${path} scans for secrets.`, { path });
      }
    }
    const gitlabOnly =
      index.has(".gitlab-ci.yml") && index.glob(".github/workflows/*").length === 0;
    return fail(
      "Nothing scans commits for secrets.",
      undefined,
      gitlabOnly
        ? "Include GitLab's secret detection in .gitlab-ci.yml (`include: - template: Jobs/Secret-Detection.gitlab-ci.yml`), as `paved ci --provider gitlab` renders it."
        : undefined,
    );
  },
});
