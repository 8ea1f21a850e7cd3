import { defineRule, fail, pass } from "../define.js";
import { commands } from "../evidence/ci.js";
import { stationsRunIn, toolsRunIn } from "../evidence/commands.js";
import { styleEnforcingEslint } from "../evidence/eslint-style.js";
import { formatterOf, packageManagerOf } from "../evidence/fit.js";

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
  check(context) {
    const { index, projects } = context;
    const step = commands(index).find((command) =>
      stationsRunIn(index, projects, command.value).has("format"),
    );
    const at = (found: NonNullable<typeof step>) => ({
      path: found.path,
      ...(found.line ? { line: found.line } : {}),
    });
    if (step) return pass(`CI checks the format: \`${step.value.trim()}\`.`, at(step));
    const eslint = styleEnforcingEslint(context);
    const lint = eslint
      ? commands(index).find((command) =>
          toolsRunIn(index, projects, command.value).some((call) => call.tool.id === "eslint"),
        )
      : undefined;
    if (eslint && lint)
      return pass(
        `CI runs the linter (\`${lint.value.trim()}\`) and ${eslint.path} enforces code style (${eslint.preset}).`,
        at(lint),
      );
    const formatter = formatterOf(context);
    const manager = packageManagerOf(context);
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
