import { defineRule, fail, pass } from "../define.js";
import { ciPipelines, securityScans, soleProvider } from "@paved/facts";
import { scanAt, scanHow, unreadScan } from "./dependency-audit.js";

export default defineRule({
  meta: {
    id: "security/secret-scanning",
    station: "security",
    description:
      "Secrets are scanned for: gitleaks, TruffleHog, detect-secrets or secretlint in CI or in the pre-commit hook, or GitLab secret detection.",
    rationale:
      "A key committed once stays in history forever; scanning stops it at the commit or the pull request.",
    remediation:
      "Add a TruffleHog job (`trufflesecurity/trufflehog`, pinned by SHA, as `paved ci` renders it) to the workflow, or on GitLab include `Jobs/Secret-Detection.gitlab-ci.yml`.",
    severity: "warning",
    scope: "repo",
  },
  reads: [securityScans, ciPipelines],
  judge(facts) {
    const scan = facts.get(securityScans).find((found) => found.tool.scans === "secrets");
    if (scan)
      return pass(
        `${scan.by === "pre-commit" ? "The pre-commit hook" : "CI"} scans for secrets (${scan.tool.title})${scanHow(scan)}.`,
        scanAt(scan),
      );
    const unread = unreadScan(facts, "or hook scans for secrets");
    if (unread) return unread;
    const only = soleProvider(facts.get(ciPipelines));
    return fail(
      "Nothing scans commits for secrets.",
      undefined,
      only === "gitlab"
        ? "Include GitLab's secret detection in .gitlab-ci.yml (`include: - template: Jobs/Secret-Detection.gitlab-ci.yml`), as `paved ci --provider gitlab` renders it."
        : only === "circleci"
          ? "Run TruffleHog in a CircleCI job of .circleci/config.yml (`trufflehog git file://. --only-verified --fail`, from its release binary or image pinned by digest), or gitleaks (`gitleaks git .`)."
          : only === "travis"
            ? "Run TruffleHog in the `script` of a job of .travis.yml (`trufflehog git file://. --only-verified --fail`, from its release binary pinned by checksum), or gitleaks (`gitleaks git .`)."
            : only === "azure"
              ? `Run TruffleHog in a \`script\` step of a job of ${facts.get(ciPipelines)[0]?.path ?? "azure-pipelines.yml"} (\`trufflehog git file://. --only-verified --fail\`, from its release binary pinned by checksum), or gitleaks (\`gitleaks git .\`).`
              : undefined,
    );
  },
});
