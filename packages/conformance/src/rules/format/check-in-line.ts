import { defineRule, fail, notEvaluated, pass, rootScriptRunning } from "../define.js";
import {
  brokenPipelines,
  commitCommands,
  configuredFormatter,
  formatEnforced,
  formatterOf,
  packageManagerOf,
  unreadPipelines,
} from "@paved/facts";

export default defineRule({
  meta: {
    id: "format/check-in-line",
    station: "format",
    description:
      "The line enforces the format: CI checks it (`prettier --check`, `biome ci`/`check`, `oxfmt --check`, `dprint check`, `deno fmt --check`, xo, standard, gts, or ESLint with a style preset or Prettier as a rule), directly or through a script; or a CI job formats and commits the result back; or the pre-commit hook formats the staged files (lint-staged, lefthook, husky, simple-git-hooks, yorkie, pre-commit; `--write` included). A formatter configured but run nowhere fails.",
    rationale:
      "A formatter nobody runs drifts: unformatted code lands whenever nobody remembers the format script.",
    remediation:
      "Run `prettier --check .` (or `biome ci`) in CI, for example through a `format:check` script.",
    severity: "warning",
    scope: "repo",
  },
  reads: [formatEnforced, configuredFormatter],
  judge(facts) {
    const found = facts.get(formatEnforced);
    if (found)
      return pass(`${found.how.charAt(0).toUpperCase()}${found.how.slice(1)}.`, {
        path: found.at.path,
        ...(found.at.line ? { line: found.at.line } : {}),
      });
    // A pipeline or hook that could not be read may be the one that checks: unknown, not a fail.
    const unread = [
      ...brokenPipelines(facts.files),
      ...unreadPipelines(facts.files),
      ...(facts.get(commitCommands)?.problems ?? []).map(({ problem }) => problem),
    ];
    if (unread.length > 0)
      return notEvaluated(
        "No readable CI step or hook checks or enforces the format.",
        unread.join("; "),
      );
    const formatter = formatterOf(facts);
    const manager = packageManagerOf(facts);
    const command = formatter?.tool.checkCommand;
    // A script of the root's that already checks the format only needs calling.
    const checking = rootScriptRunning(facts, "format");
    return fail(
      "Nothing on the line checks or enforces the format (no CI step, no pre-commit hook).",
      undefined,
      checking !== undefined
        ? `The \`${checking}\` script checks the format: call \`${manager.run(checking)}\` from a CI job.`
        : formatter && command
          ? `${formatter.tool.title} is configured (${formatter.how}): run \`${manager.exec(command)}\` in CI, for example as a \`format:check\` script that the pipeline calls with \`${manager.run("format:check")}\`.`
          : undefined,
    );
  },
});
