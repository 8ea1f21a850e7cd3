import { releaseConfig, releaseScript, releaseWorkflow, workspace } from "@paved/facts";
import { defineRule, fail, pass, projectsOf } from "../define.js";

export default defineRule({
  meta: {
    id: "release/tooling",
    station: "release",
    description:
      "Releases are automated and traceable: a release tool (changesets, semantic-release, release-please, Nx release, np, release-it, changelogen, bumpp, @ossjs/release, Lerna's `version` and `publish`, Lerna-Lite), or a workflow that publishes (a package, a GitHub release, a container image) on a tag, a release or a push.",
    rationale:
      "Hand-made releases skip changelogs and version bumps; nobody can tell which change shipped when.",
    remediation:
      "Add changesets: `npx changeset init`, and a release workflow that versions and publishes from the default branch.",
    severity: "warning",
    scope: "repo",
  },
  reads: [workspace],
  judge(facts) {
    const index = facts.files;
    const projects = projectsOf(facts);
    const found =
      releaseConfig(index, projects[0]) ??
      releaseScript(index, projects) ??
      releaseWorkflow(index, projects);
    if (found) {
      const { message, path, line } = found;
      return pass(message, path ? { path, ...(line ? { line } : {}) } : undefined);
    }
    return fail(
      "No release tooling, and no workflow that publishes on a tag, a release or a push.",
    );
  },
});
