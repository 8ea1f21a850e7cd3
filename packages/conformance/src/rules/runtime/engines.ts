import { withoutManifest, defineRule, fail, inProject, pass } from "../define.js";

export default defineRule({
  meta: {
    id: "runtime/engines",
    station: "runtime",
    description: "package.json declares the supported Node versions in `engines.node`.",
    rationale:
      "Without `engines`, a package installs on a Node it was never tested on and fails at run time instead of install time.",
    remediation:
      'Add `"engines": { "node": ">=22.12" }` (or your supported range) to package.json.',
    severity: "warning",
    scope: "project",
  },
  judge(_facts, project) {
    if (!project.manifest) return withoutManifest(project);
    const path = inProject(project, "package.json");
    const range = project.manifest.engines?.["node"];
    return range
      ? pass(`engines.node is "${range}".`, { path })
      : fail("package.json has no engines.node.", { path });
  },
});
