import {
  callsOnCommit,
  commitCommands,
  formatterOf,
  hookManagerInUse,
  linterOf,
  packageManagerOf,
  type Facts,
} from "@paved/facts";
import { defineRule, fail, notEvaluated, pass, projectsOf } from "../define.js";

/**
 * What the hook should run on the staged files: the repository's own linter and formatter
 * (oxlint and oxfmt, deno lint and dprint), or the Paved preset's ESLint and Prettier.
 */
function stagedAdvice(facts: Facts, hook: string): string {
  // One tool that both lints and formats (Biome) is named once.
  const own = [linterOf(facts)?.tool, formatterOf(facts)?.tool]
    .flatMap((tool) => (tool === undefined ? [] : [tool]))
    .filter((tool, i, all) => all.findIndex((other) => other.id === tool.id) === i);
  const preset = own.every((tool) => tool.id === "eslint" || tool.id === "prettier");
  return preset
    ? `Run lint-staged from ${hook} with \`@paved/lint-staged-config\` (ESLint --fix and Prettier on staged files).`
    : `Run lint-staged from ${hook} with the repository's own ${own.map((tool) => tool.title).join(" and ")} on the staged files (\`${packageManagerOf(facts).addDev("lint-staged")}\`).`;
}

export default defineRule({
  meta: {
    id: "pre-commit/staged-checks",
    station: "pre-commit",
    description:
      "The pre-commit hook lints or formats the staged files: it runs lint-staged (or nano-staged) with a config, a linter or a formatter (lefthook commands, husky, simple-git-hooks, yorkie), or hooks of the pre-commit framework.",
    rationale:
      "A hook that checks nothing is a ritual: the point is to stop a lint error before it leaves the laptop.",
    remediation:
      "Run lint-staged from the hook with `@paved/lint-staged-config` (ESLint --fix and Prettier on staged files).",
    severity: "warning",
    scope: "repo",
  },
  reads: [commitCommands],
  judge(facts) {
    const found = facts.get(commitCommands);
    const at = (path: string, line?: number) => ({ path, ...(line ? { line } : {}) });
    if (found?.staged?.run)
      return pass(
        `${found.hook.manager.title}'s pre-commit runs lint-staged (${found.staged.path}).`,
        at(found.hook.path),
      );
    const checks = callsOnCommit(facts).find(
      ({ call }) => call.station === "lint" || call.station === "format",
    );
    if (found && checks)
      return pass(
        `${found.hook.manager.title}'s pre-commit runs \`${checks.at.value.trim()}\` (${checks.call.tool.title}).`,
        at(checks.at.path, checks.at.line),
      );
    if (found?.hook.manager.id === "pre-commit" && found.commands.length > 0)
      return pass("The pre-commit framework runs its configured hooks.", at(found.hook.path));
    const unread = found?.problems[0];
    if (unread)
      return notEvaluated(
        "The pre-commit hook could not be read.",
        unread.problem,
        at(unread.path),
      );
    if (found?.staged)
      return fail(
        `lint-staged is configured (${found.staged.path}) but ${found.hook.path} does not run it.`,
        at(found.hook.path),
        `Call lint-staged from ${found.hook.path} (\`${packageManagerOf(facts).exec("lint-staged")}\`).`,
      );
    if (found)
      return fail(
        `${found.hook.manager.title}'s pre-commit hook (${found.hook.path}) neither lints nor formats the staged files.`,
        at(found.hook.path),
        stagedAdvice(facts, found.hook.path),
      );
    const manager = hookManagerInUse(facts.files, projectsOf(facts)[0]?.manifest);
    return fail(
      "No pre-commit check of staged files was found.",
      undefined,
      manager
        ? `Run lint-staged from ${manager.title}'s hook: ${manager.addHook}.`
        : stagedAdvice(facts, "a pre-commit hook (husky, lefthook or simple-git-hooks)"),
    );
  },
});
