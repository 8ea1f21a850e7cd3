import { defineRule, fail, notApplicable, pass } from "../define.js";
import { actionsUsed } from "../evidence/ci.js";

export default defineRule({
  meta: {
    id: "ci/actions-pinned",
    station: "ci",
    description: "Every third-party GitHub action is pinned by a full 40-character commit SHA.",
    rationale:
      "A tag can be moved to malicious code at any time (as in the tj-actions/changed-files compromise); a SHA cannot.",
    remediation:
      "Replace `uses: owner/action@v4` with `uses: owner/action@<full commit sha> # v4`; Renovate or Dependabot keep the pins current.",
    severity: "error",
    scope: "repo",
  },
  check({ index }) {
    const uses = actionsUsed(index).filter(
      (entry) => !entry.value.startsWith("./") && !entry.value.startsWith("docker://"),
    );
    if (uses.length === 0) return notApplicable("No third-party GitHub actions are used.");
    const unpinned = uses.filter((entry) => !/@[0-9a-f]{40}$/.test(entry.value));
    if (unpinned.length === 0)
      return pass(`All ${String(uses.length)} actions are pinned by commit SHA.`);
    return unpinned.map((entry) =>
      fail(`\`${entry.value}\` is not pinned by a full commit SHA.`, {
        path: entry.path,
        ...(entry.line ? { line: entry.line } : {}),
      }),
    );
  },
});
