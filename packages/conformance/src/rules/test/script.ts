import { withoutManifest, defineRule, fail, inProject, pass } from "../define.js";

export default defineRule({
  meta: {
    id: "test/script",
    station: "test",
    description: "package.json has a `test` script that runs tests (not npm's placeholder).",
    rationale:
      "`npm test` is the one command everyone and every CI system tries first; it must run the tests.",
    remediation:
      'Add `"test": "vitest run"` (or your runner\'s command) to the scripts of package.json.',
    severity: "error",
    scope: "project",
  },
  check({ project }) {
    if (!project.manifest) return withoutManifest(project);
    const script = project.manifest.scripts?.["test"];
    const path = inProject(project, "package.json");
    if (script === undefined) return fail("package.json has no `test` script.", { path });
    if (
      script.includes("no test specified") ||
      /^\s*(exit\s+0|true|echo\b[^&|;]*)\s*$/.test(script)
    ) {
      return fail(`The \`test\` script runs no tests: \`${script}\`.`, { path });
    }
    return pass(`\`test\` runs \`${script}\`.`, { path });
  },
});
