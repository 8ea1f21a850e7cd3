import {
  brokenPipelines,
  unreadPipelines,
  callsOnCommit,
  ciCommands,
  commitCommands,
  linterOf,
  packageManagerOf,
  sources,
  toolsRunIn,
  workspace,
  type Facts,
  type Located,
} from "@paved/facts";
import type { Verdict } from "../../model.js";
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

const at = (found: Located<string>) => ({
  path: found.path,
  ...(found.line ? { line: found.line } : {}),
});

/** The first CI command that lints, directly or through the scripts and tasks it calls. */
function lintInCi(facts: Facts): Verdict | undefined {
  const projects = projectsOf(facts);
  for (const command of facts.get(ciCommands)) {
    const call = toolsRunIn(facts.files, projects, command.value).find(
      (found) => found.station === "lint",
    );
    if (call)
      return pass(`CI lints with ${call.tool.title}: \`${command.value.trim()}\`.`, at(command));
  }
  return undefined;
}

/** The first pre-commit command that lints (the hook's own, or lint-staged's it runs). */
function lintOnCommit(facts: Facts): Verdict | undefined {
  const found = callsOnCommit(facts).find(({ call }) => call.station === "lint");
  if (!found) return undefined;
  const { call, at: command } = found;
  return pass(
    `The pre-commit hook lints with ${call.tool.title}: \`${command.value.trim()}\` (${command.path}).`,
    at(command),
  );
}

export default defineRule({
  meta: {
    id: "lint/runs-in-line",
    station: "lint",
    description:
      "The linter runs on the line: CI runs it (ESLint, Biome, oxlint, xo, standard, deno lint), directly or through a script or task, or the pre-commit hook does.",
    rationale:
      "A linter configured but never run catches nothing: the config sits in the repository while every slip it would flag merges.",
    remediation:
      "Run the linter in CI, for example a `lint` script (`eslint .`) that the pipeline calls, or from the pre-commit hook through lint-staged.",
    severity: "error",
    scope: "repo",
  },
  reads: [ciCommands, commitCommands, workspace, sources],
  judge(facts, project) {
    const verdict = lintInCi(facts) ?? lintOnCommit(facts);
    if (verdict) return verdict;
    if (sourceFiles(facts, project, "any").length === 0)
      return notApplicable("No sources to lint.");
    // A pipeline or hook that could not be read may be the one that lints: unknown, not a fail.
    const unread = [
      ...brokenPipelines(facts.files),
      ...unreadPipelines(facts.files),
      ...(facts.get(commitCommands)?.problems ?? []).map(({ problem }) => problem),
    ];
    if (unread.length > 0)
      return notEvaluated("No readable CI step or hook runs the linter.", unread.join("; "));
    const linter = linterOf(facts);
    const manager = packageManagerOf(facts);
    // A script that lints under any name only needs calling.
    const lints = rootScriptRunning(facts, "lint");
    const script =
      lints === undefined ? undefined : projectsOf(facts)[0]?.manifest?.scripts?.[lints];
    return fail(
      "Nothing on the line runs the linter: no CI step, no script CI runs, no pre-commit hook.",
      undefined,
      lints !== undefined
        ? `The \`${lints}\` script (\`${String(script)}\`) is never run: call \`${manager.run(lints)}\` from a CI job.`
        : linter
          ? `${linter.tool.title} is configured (${linter.how}): add a \`lint\` script that runs it and call \`${manager.run("lint")}\` from a CI job.`
          : undefined,
    );
  },
});
