import { defineRule, fail, pass } from "../define.js";
import {
  ciCommands,
  ciStations,
  configuredFormatter,
  formatterOf,
  packageManagerOf,
  styleEnforcingEslint,
  toolsRunIn,
  workspace,
  type Located,
} from "@paved/facts";

export default defineRule({
  meta: {
    id: "format/check-in-line",
    station: "format",
    description:
      "CI checks the format (`prettier --check`, `biome ci`/`check`, `oxfmt --check`, `dprint check`, `deno fmt --check`, xo, standard, or ESLint with a style preset), directly or through a script.",
    rationale:
      "A formatter nobody enforces drifts: unformatted code lands whenever a hook is skipped.",
    remediation:
      "Run `prettier --check .` (or `biome ci`) in CI, for example through a `format:check` script.",
    severity: "warning",
    scope: "repo",
  },
  reads: [ciStations, ciCommands, configuredFormatter, workspace],
  judge(facts) {
    const at = (found: Located<string>) => ({
      path: found.path,
      ...(found.line ? { line: found.line } : {}),
    });
    const step = facts.get(ciStations).get("format")?.[0];
    if (step) return pass(`CI checks the format: \`${step.value.trim()}\`.`, at(step));
    const root = facts.get(workspace).projects[0];
    const eslint = root ? styleEnforcingEslint(facts, root) : undefined;
    const projects = facts.get(workspace).projects;
    const lint = eslint
      ? facts
          .get(ciCommands)
          .find((command) =>
            toolsRunIn(facts.files, projects, command.value).some(
              (call) => call.tool.id === "eslint",
            ),
          )
      : undefined;
    if (eslint && lint)
      return pass(
        `CI runs the linter (\`${lint.value.trim()}\`) and ${eslint.path} enforces code style (${eslint.preset}).`,
        at(lint),
      );
    const formatter = formatterOf(facts);
    const manager = packageManagerOf(facts);
    const command = formatter?.tool.checkCommand;
    return fail(
      "No CI step checks the format.",
      undefined,
      formatter && command
        ? `${formatter.tool.title} is configured (${formatter.how}): run \`${manager.exec(command)}\` in CI, for example as a \`format:check\` script that the pipeline calls with \`${manager.run("format:check")}\`.`
        : undefined,
    );
  },
});
