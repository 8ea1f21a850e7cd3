import { defineRule, fail, notApplicable, pass } from "../define.js";
import { ciActions } from "@paved/facts";

const docker = "docker://";

/** A Docker action runs whatever its tag points at now; only a digest fixes the image. */
const isPinned = (action: string): boolean =>
  action.startsWith(docker)
    ? /^[^@\s]+@sha256:[0-9a-f]{64}$/.test(action.slice(docker.length))
    : /@[0-9a-f]{40}$/.test(action);

const pinKind = (action: string): string =>
  action.startsWith(docker) ? "an image digest (@sha256:)" : "a full commit SHA";

export default defineRule({
  meta: {
    id: "ci/actions-pinned",
    station: "ci",
    description:
      "Every third-party GitHub action is pinned by a full 40-character commit SHA, and every Docker action (`uses: docker://…`) by its image digest (`@sha256:`).",
    rationale:
      "A tag can be moved to malicious code at any time (as in the tj-actions/changed-files compromise); a SHA cannot.",
    remediation:
      "Replace `uses: owner/action@v4` with `uses: owner/action@<full commit sha> # v4`, and `uses: docker://image:tag` with `uses: docker://image:tag@sha256:<digest>`; Renovate or Dependabot keep the pins current.",
    severity: "error",
    scope: "repo",
  },
  reads: [ciActions],
  judge(facts) {
    const uses = facts.get(ciActions).filter((entry) => !entry.value.startsWith("./"));
    if (uses.length === 0) return notApplicable("No third-party GitHub actions are used.");
    const unpinned = uses.filter((entry) => !isPinned(entry.value));
    // A remote reusable workflow is pinned as a whole; what it uses inside is not read.
    const remote = uses.filter((entry) => /^[^./][^@]*\/\.github\/workflows\//.test(entry.value));
    const unread =
      remote.length === 0
        ? ""
        : ` ${String(remote.length)} of them ${remote.length === 1 ? "is a remote reusable workflow" : "are remote reusable workflows"}, whose own actions are not read.`;
    if (unpinned.length === 0)
      return pass(
        `All ${String(uses.length)} actions are pinned by commit SHA or image digest.${unread}`,
      );
    return unpinned.map((entry) =>
      fail(`\`${entry.value}\` is not pinned by ${pinKind(entry.value)}.`, {
        path: entry.path,
        ...(entry.line ? { line: entry.line } : {}),
      }),
    );
  },
});
