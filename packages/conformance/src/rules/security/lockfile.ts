import { lockfiles } from "@paved/stations";
import { defineRule, fail, pass } from "../define.js";

export default defineRule({
  meta: {
    id: "security/lockfile",
    station: "security",
    description: "A lockfile is committed (pnpm, npm, Yarn or Bun).",
    rationale:
      "Without a lockfile every install resolves anew: builds are not reproducible and a compromised release slips in unnoticed.",
    remediation:
      "Commit the lockfile your package manager writes, and install with `--frozen-lockfile` (or `npm ci`) in CI.",
    severity: "error",
    scope: "repo",
  },
  judge(facts) {
    const index = facts.files;
    const lockfile = index.first(lockfiles);
    return lockfile
      ? pass(`${lockfile} is committed.`, { path: lockfile })
      : fail("No lockfile is committed.");
  },
});
