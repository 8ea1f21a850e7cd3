import { defineRule, fail, notEvaluated, pass } from "../define.js";
import { ciPipelines, unreadPipelines } from "@paved/facts";

export default defineRule({
  meta: {
    id: "ci/pipeline-present",
    station: "ci",
    description:
      "A CI pipeline exists: GitHub Actions workflows, GitLab CI, CircleCI, Travis CI or Azure Pipelines.",
    rationale:
      "Without CI the line runs only where someone remembers to run it; every other station depends on this one.",
    remediation:
      "Generate a hardened pipeline with `paved ci`, or add `.github/workflows/ci.yml` running install, lint, typecheck, test and build.",
    severity: "error",
    scope: "repo",
  },
  reads: [ciPipelines],
  judge(facts) {
    const found = facts.get(ciPipelines);
    const first = found[0];
    if (!first) {
      // CI on a provider the audit does not read is CI all the same: unknown, not missing.
      const unread = unreadPipelines(facts.files);
      if (unread.length > 0)
        return notEvaluated(
          "No GitHub, GitLab, CircleCI, Travis CI or Azure pipeline; the repository's CI runs on a provider the audit does not read.",
          unread.join("; "),
          { path: (unread[0] ?? "").split(":")[0] ?? "" },
        );
      return fail(
        "No CI pipeline (.github/workflows/*.yml, .gitlab-ci.yml, .circleci/config.yml, .travis.yml or azure-pipelines.yml).",
      );
    }
    return pass(`CI pipelines: ${found.map((pipeline) => pipeline.path).join(", ")}.`, {
      path: first.path,
    });
  },
});
