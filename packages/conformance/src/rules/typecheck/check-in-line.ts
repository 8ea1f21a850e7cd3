import {
  brokenPipelines,
  ciCommands,
  packageManagerOf,
  sources,
  toolsRunIn,
  unreadPipelines,
  workspace,
} from "@paved/facts";
import {
  defineRule,
  fail,
  notApplicable,
  notEvaluated,
  pass,
  projectsOf,
  rootScriptRunning,
  sourceFiles,
} from "../define.js";

export default defineRule({
  meta: {
    id: "typecheck/check-in-line",
    station: "typecheck",
    description:
      "CI runs a type checker (tsc, tsc -b, vue-tsc, tsgo, svelte-check, or type tests with tsd, TSTyche or Vitest), directly or through a script.",
    rationale:
      "A tsconfig nobody compiles in CI catches nothing: type errors merge whenever an editor is not looking.",
    remediation:
      "Run the type checker in CI, for example a `typecheck` script (`tsc --noEmit`, or `tsc -b` in a project-references workspace) called by the pipeline.",
    severity: "error",
    scope: "repo",
  },
  reads: [ciCommands, workspace, sources],
  judge(facts, project) {
    const projects = projectsOf(facts);
    for (const command of facts.get(ciCommands)) {
      const call = toolsRunIn(facts.files, projects, command.value).find(
        (found) => found.station === "typecheck",
      );
      if (call)
        return pass(`CI type-checks with ${call.tool.title}: \`${command.value.trim()}\`.`, {
          path: command.path,
          ...(command.line ? { line: command.line } : {}),
        });
    }
    if (sourceFiles(facts, project, "any").length === 0)
      return notApplicable("No sources to type-check.");
    // A pipeline that could not be read may be the one that type-checks: unknown, not a fail.
    const unread = [...brokenPipelines(facts.files), ...unreadPipelines(facts.files)];
    if (unread.length > 0)
      return notEvaluated("No readable CI step runs a type checker.", unread.join("; "));
    const manager = packageManagerOf(facts);
    // A script that type-checks under any name (`types: tsc --noEmit`) only needs calling.
    const checking = rootScriptRunning(facts, "typecheck");
    const script = projects[0]?.manifest?.scripts?.["typecheck"];
    return fail(
      "No CI step runs a type checker.",
      undefined,
      checking !== undefined
        ? `The \`${checking}\` script type-checks: call \`${manager.run(checking)}\` from a CI job.`
        : script === undefined
          ? `Add a \`typecheck\` script (\`tsc --noEmit\`, or \`tsc -b\` with project references) and call \`${manager.run("typecheck")}\` from CI.`
          : `The \`typecheck\` script (\`${script}\`) runs no type checker: make it run one (\`tsc --noEmit\`) and call \`${manager.run("typecheck")}\` from a CI job.`,
    );
  },
});
