import { lockfiles, runtimeLockfiles } from "@paved/stations";
import { defineRule, fail, pass } from "../define.js";
import { packageManagerOf } from "@paved/facts";

export default defineRule({
  meta: {
    id: "security/lockfile",
    station: "security",
    description:
      "A lockfile is committed (pnpm, npm, Yarn or Bun, or deno.lock, which Deno writes when it installs the packages).",
    rationale:
      "Without a lockfile every install resolves anew: builds are not reproducible and a compromised release slips in unnoticed.",
    remediation:
      "Commit the lockfile your package manager writes, and install with `--frozen-lockfile` (or `npm ci`) in CI.",
    severity: "error",
    scope: "repo",
  },
  judge(facts) {
    const lockfile = facts.files.first([...lockfiles, ...runtimeLockfiles]);
    if (lockfile) return pass(`${lockfile} is committed.`, { path: lockfile });
    const manager = packageManagerOf(facts);
    return fail(
      "No lockfile is committed.",
      undefined,
      `Commit the ${manager.lockfiles[0] ?? "lockfile"} that ${manager.id} writes (remove any \`package-lock=false\` from .npmrc), and install with \`${manager.frozenInstall}\` in CI.`,
    );
  },
});
