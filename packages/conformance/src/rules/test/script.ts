import { nxProjectTargets, testFiles, toolCalls, workspace } from "@paved/facts";
import { withoutManifest, defineRule, fail, inProject, pass, rootManifest } from "../define.js";

/** `exit 0`, `true`, or a lone `echo …`: a test script that runs no tests. */
function isPlaceholder(script: string): boolean {
  const trimmed = script.trim();
  if (trimmed === "true" || /^exit\s+0$/.test(trimmed)) return true;
  return /^echo\b/.test(trimmed) && !/[;&|]/.test(trimmed);
}

export default defineRule({
  meta: {
    id: "test/script",
    station: "test",
    description:
      "package.json has a `test` script that runs tests (not npm's placeholder); in a workspace, a package with test files of its own may leave them to the root's `test` script where that runs a test runner over the workspace, and an Nx project to its own `test` target.",
    rationale:
      "`npm test` is the one command everyone and every CI system tries first; it must run the tests.",
    remediation:
      'Add `"test": "vitest run"` (or your runner\'s command) to the scripts of package.json.',
    severity: "error",
    scope: "project",
  },
  reads: [workspace, nxProjectTargets, testFiles],
  judge(facts, project) {
    if (!project.manifest) return withoutManifest(project);
    const script = project.manifest.scripts?.["test"];
    const path = inProject(project, "package.json");
    if (script === undefined) {
      // A workspace whose root runs the test runner itself (`vitest run` over every package,
      // as its projects or include say) tests the package from there: a script of its own
      // would run the runner without the root's config.
      const rootTest = project.dir === "" ? undefined : rootManifest(facts)?.scripts?.["test"];
      const runner =
        typeof rootTest === "string"
          ? toolCalls(rootTest).find((call) => call.station === "test")
          : undefined;
      // It tests the package only where the package has tests for it to find.
      const own = runner === undefined ? [] : facts.of(testFiles, project);
      if (runner && own.length > 0)
        return pass(
          `The root's \`test\` script runs ${runner.tool.title} over the workspace: \`${String(rootTest)}\`.`,
          { path: "package.json" },
        );
      // In an Nx workspace `nx test <project>` is that command: a `test` target of the
      // project's own (inferred from its jest.config, or its project.json's executor).
      const target = facts.of(nxProjectTargets, project).find((own) => own.target === "test");
      const nxRunner =
        target === undefined
          ? undefined
          : toolCalls(target.command).find((call) => call.station === "test");
      if (target !== undefined && nxRunner !== undefined)
        return pass(
          `${target.by.charAt(0).toUpperCase()}${target.by.slice(1)} runs ${nxRunner.tool.title}.`,
          {
            path,
          },
        );
      return fail(
        runner === undefined
          ? "package.json has no `test` script."
          : `package.json has no \`test\` script, and the package has no test file of its own for the root's ${runner.tool.title} to run.`,
        { path },
      );
    }
    if (typeof script !== "string")
      return fail("The `test` script is not a command (not a string).", { path });
    if (script.includes("no test specified") || isPlaceholder(script)) {
      return fail(`The \`test\` script runs no tests: \`${script}\`.`, { path });
    }
    return pass(`\`test\` runs \`${script}\`.`, { path });
  },
});
