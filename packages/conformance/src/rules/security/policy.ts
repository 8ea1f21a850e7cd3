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
  check({ index }) {
    const policy = index.first([
      "SECURITY.md",
      ".github/SECURITY.md",
      "docs/SECURITY.md",
      "SECURITY.markdown",
      "security.md",
    ]);
    return policy ? pass(`${policy} is present.`, { path: policy }) : fail("No SECURITY.md.");
  },
});
