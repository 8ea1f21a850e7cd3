import { commitBackActions } from "@paved/stations";
import { ciCommands, ciPipelines, ciStations, workspace } from "../catalogue.js";
import { anySegment, toolsRunIn } from "../commands.js";
import { defineFact, type Facts } from "../facts.js";
import type { Located, PipelineJob } from "../pipelines.js";
import { callsOnCommit } from "./commit-commands.js";
import { styleEnforcingEslint } from "./eslint-style.js";

/** Where the line enforces the format, and how, in words for a verdict. */
export interface FormatEnforced {
  where: "ci" | "commit";
  /** `CI checks the format: \`pnpm format:check\``, … */
  how: string;
  at: Located<string>;
}

const commitsBack = /^\s*git\s+(?:-c\s+\S+\s+)*(?:commit|push)\b/;

/** The last step of a job that commits the job's changes back (`git commit`, an auto-commit action); -1 if none. */
function lastCommitBack(job: PipelineJob): number {
  return job.steps.findLastIndex(
    (step) =>
      (step.run !== undefined && anySegment(commitsBack, step.run.value)) ||
      (step.uses !== undefined &&
        commitBackActions.some((action) => step.uses?.value.split("@")[0] === action)),
  );
}

/**
 * A CI job step that formats (writes) before a step of the same job that commits the result.
 * Only the steps before a commit are walked for writing calls: most jobs commit nothing.
 */
function autoFormatJob(facts: Facts): Located<string> | undefined {
  const projects = facts.get(workspace).projects;
  for (const pipeline of facts.get(ciPipelines))
    for (const job of pipeline.jobs) {
      const formats = job.steps
        .slice(0, Math.max(lastCommitBack(job), 0))
        .find(
          (step) =>
            step.run !== undefined &&
            toolsRunIn(facts.files, projects, step.run.value, true).some(
              (call) => call.station === "format" && call.fixes,
            ),
        );
      if (formats?.run) return formats.run;
    }
  return undefined;
}

/** A command (of CI or of the hook) that runs ESLint, when the root's ESLint config enforces style. */
function styleLint(facts: Facts, commands: readonly Located<string>[], fixes: boolean) {
  const root = facts.get(workspace).projects[0];
  const eslint = root ? styleEnforcingEslint(facts, root) : undefined;
  if (!eslint) return undefined;
  const projects = facts.get(workspace).projects;
  const command = commands.find((candidate) =>
    toolsRunIn(facts.files, projects, candidate.value, fixes).some(
      (call) => call.tool.id === "eslint",
    ),
  );
  return command ? { command, eslint } : undefined;
}

export const formatEnforced = defineFact<FormatEnforced | undefined>({
  id: "format-enforced",
  how: "Where the line enforces the format, first found first: a CI command that checks it (see ci-stations: `prettier --check`, `biome ci`, `oxfmt --check`, `dprint check`, `deno fmt --check`, xo, standard, gts); a CI command that runs ESLint when the root's ESLint config enforces style (neostandard, @antfu/eslint-config, @stylistic, eslint-plugin-prettier or `plugin:prettier/recommended`, gts, eslint-config-standard or -xo); a CI job that formats (`prettier --write`, `dprint fmt`, …) and commits the result back in a later step (`git commit`/`git push`, or an auto-commit action); the pre-commit hook running a formatter, writing or checking, itself or through lint-staged (see commit-commands); the hook running ESLint with such a config. A formatter configured but run nowhere on the line is none of these.",
  read(facts) {
    const check = facts.get(ciStations).get("format")?.[0];
    if (check)
      return { where: "ci", how: `CI checks the format: \`${check.value.trim()}\``, at: check };
    const ciLint = styleLint(facts, facts.get(ciCommands), false);
    if (ciLint)
      return {
        where: "ci",
        how: `CI runs the linter (\`${ciLint.command.value.trim()}\`) and ${ciLint.eslint.path} enforces code style (${ciLint.eslint.preset})`,
        at: ciLint.command,
      };
    const auto = autoFormatJob(facts);
    if (auto)
      return {
        where: "ci",
        how: `CI formats the code and commits it back: \`${auto.value.trim()}\``,
        at: auto,
      };
    const onCommit = callsOnCommit(facts);
    const formats = onCommit.find(({ call }) => call.station === "format");
    if (formats)
      return {
        where: "commit",
        how: `the pre-commit hook formats the staged files: \`${formats.at.value.trim()}\` (${formats.at.path})`,
        at: formats.at,
      };
    const hookLint = styleLint(
      facts,
      onCommit.map(({ at }) => at),
      true,
    );
    if (hookLint)
      return {
        where: "commit",
        how: `the pre-commit hook runs the linter (\`${hookLint.command.value.trim()}\`) and ${hookLint.eslint.path} enforces code style (${hookLint.eslint.preset})`,
        at: hookLint.command,
      };
    return undefined;
  },
});
