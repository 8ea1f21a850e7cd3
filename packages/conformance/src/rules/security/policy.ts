import { defineRule, fail, pass } from "../define.js";

export default defineRule({
  meta: {
    id: "security/policy",
    station: "security",
    description:
      "A security policy (SECURITY.md) tells reporters how to disclose a vulnerability privately.",
    rationale: "Without one, a vulnerability gets reported in a public issue, or not at all.",
    remediation:
      "Add SECURITY.md with a private reporting channel (GitHub private vulnerability reporting, or an address) and the supported versions.",
    severity: "warning",
    scope: "repo",
  },
  judge(facts) {
    // GitHub finds the policy at the root, in .github/ or in docs/, whatever the file name's case.
    const policy = facts.files.files.find((file) =>
      /^(\.github\/|docs\/)?security\.(md|markdown)$/i.test(file),
    );
    return policy ? pass(`${policy} is present.`, { path: policy }) : fail("No SECURITY.md.");
  },
});
