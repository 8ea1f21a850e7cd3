import { defineRule, fail, pass } from "../define.js";

export default defineRule({
  meta: {
    id: "review/pr-template",
    station: "review",
    description:
      "A pull (or merge) request template prompts authors for context, testing and risk.",
    rationale: "A change without its why and its test plan gets a rubber-stamp review.",
    remediation:
      "Add `.github/pull_request_template.md` with sections for the change, how it was tested and its risk.",
    severity: "note",
    scope: "repo",
  },
  judge(facts) {
    const index = facts.files;
    const template =
      index.first([
        ".github/pull_request_template.md",
        ".github/PULL_REQUEST_TEMPLATE.md",
        "pull_request_template.md",
        "PULL_REQUEST_TEMPLATE.md",
        "docs/pull_request_template.md",
      ]) ??
      index.glob(".github/PULL_REQUEST_TEMPLATE/*.md")[0] ??
      index.glob(".gitlab/merge_request_templates/*.md")[0];
    return template
      ? pass(`${template} is present.`, { path: template })
      : fail("No pull request template.");
  },
});
