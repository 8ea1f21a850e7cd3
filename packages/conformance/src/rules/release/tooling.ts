import { workspace } from "@paved/facts";
import { defineRule, fail, pass, projectsOf } from "../define.js";

export default defineRule({
  meta: {
    id: "release/tooling",
    station: "release",
    description:
      "Releases are automated and traceable: changesets, semantic-release, release-please or Nx release.",
    rationale:
      "Hand-made releases skip changelogs and version bumps; nobody can tell which change shipped when.",
    remediation:
      "Add changesets: `npx changeset init`, and a release workflow that versions and publishes from main.",
    severity: "warning",
    scope: "repo",
  },
  reads: [workspace],
  judge(facts) {
    const index = facts.files;
    const projects = projectsOf(facts);
    const manifest = projects[0]?.manifest;
    if (index.has(".changeset/config.json"))
      return pass("changesets is configured.", { path: ".changeset/config.json" });
    const semantic = index.first([
      ".releaserc",
      ".releaserc.json",
      ".releaserc.yaml",
      ".releaserc.yml",
      ".releaserc.js",
      ".releaserc.cjs",
      ".releaserc.mjs",
      "release.config.js",
      "release.config.cjs",
      "release.config.mjs",
    ]);
    if (semantic || manifest?.["release"] !== undefined)
      return pass(`semantic-release is configured (${semantic ?? "package.json"}).`);
    const please = index.first(["release-please-config.json", ".release-please-manifest.json"]);
    if (please) return pass(`release-please is configured (${please}).`, { path: please });
    if (index.has("nx.json")) {
      const nx = index.json("nx.json");
      if (nx.ok && nx.value !== null && typeof nx.value === "object" && "release" in nx.value)
        return pass("Nx release is configured.", { path: "nx.json" });
    }
    return fail("No release tooling (changesets, semantic-release, release-please, Nx release).");
  },
});
