import { defineRule, fail, notApplicable, pass } from "../define.js";
import { githubJobs, gitlabJobs, isRecord, lineOf, pipelines } from "../evidence/ci.js";

export default defineRule({
  meta: {
    id: "ci/timeouts",
    station: "ci",
    description: "Every CI job has a timeout (`timeout-minutes` on GitHub, `timeout` on GitLab).",
    rationale:
      "A hung job holds a runner for hours (GitHub's default is 6) and delays every change behind it.",
    remediation:
      "Set `timeout-minutes:` on each GitHub job (or `timeout:` on each GitLab job), a little above its usual duration.",
    severity: "warning",
    scope: "repo",
  },
  check({ index }) {
    const all = pipelines(index).filter((pipeline) => pipeline.document.ok);
    if (all.length === 0) return notApplicable("No parseable CI pipeline.");
    const missing: { path: string; job: string }[] = [];
    for (const pipeline of all) {
      const document = pipeline.document.ok ? pipeline.document.value : undefined;
      if (pipeline.provider === "github") {
        for (const [name, job] of githubJobs(document))
          if (job["timeout-minutes"] === undefined && job["uses"] === undefined)
            missing.push({ path: pipeline.path, job: name });
      } else {
        const defaults =
          isRecord(document) && isRecord(document["default"])
            ? document["default"]["timeout"]
            : undefined;
        for (const [name, job] of gitlabJobs(document))
          if (job["timeout"] === undefined && defaults === undefined)
            missing.push({ path: pipeline.path, job: name });
      }
    }
    if (missing.length === 0) return pass("Every CI job has a timeout.");
    return missing.map(({ path, job }) => {
      const line = lineOf(index, path, `${job}:`);
      return fail(`Job \`${job}\` has no timeout.`, { path, ...(line ? { line } : {}) });
    });
  },
});
