import { coverageConfig, coverageGates, lineToolCalls } from "@paved/facts";
import { testRunners } from "@paved/stations";
import {
  defineRule,
  dependencyNames,
  fail,
  notEvaluated,
  pass,
  rootDependencyNames,
} from "../define.js";

export default defineRule({
  meta: {
    id: "test/coverage-threshold",
    station: "test",
    description:
      "Tests enforce a coverage threshold (Vitest `coverage.thresholds`, Jest `coverageThreshold`, c8/nyc `check-coverage`, or a script or CI command with a runner's threshold flag: `bnt --coverage N`, `node --test-coverage-lines=N`, `c8 --100`, `borp --check-coverage`).",
    rationale:
      "Without a threshold, coverage erodes one untested change at a time and nobody notices.",
    remediation:
      "Set `test.coverage.thresholds` in vitest.config.ts (for example lines: 80) and run `vitest run --coverage` in CI.",
    severity: "warning",
    scope: "project",
  },
  reads: [coverageConfig, coverageGates, lineToolCalls],
  judge(facts, project) {
    const config = facts.of(coverageConfig, project);
    if (config?.ok)
      return pass(`${config.path} sets a coverage threshold (${config.what}).`, {
        path: config.path,
      });
    const gate = facts.of(coverageGates, project);
    if (gate)
      return pass(
        `${gate.by} enforces a coverage threshold: \`${gate.command.trim()}\` (${gate.tool.title} ${gate.flag}).`,
        { path: gate.path, ...(gate.line ? { line: gate.line } : {}) },
      );
    if (config)
      return notEvaluated("A test config could not be read.", config.problem, {
        path: config.path,
      });
    // Advice for the runner the project already uses (its dependencies, its package.json key
    // such as `jest`, its line's calls, else the root's dependencies), not for one to add.
    const own = dependencyNames(project);
    const rootNames = rootDependencyNames(facts);
    const advised = testRunners.filter((tool) => tool.coverageAdvice !== undefined);
    const runner =
      advised.find(
        (tool) =>
          tool.packages.some((name) => own.has(name)) ||
          tool.id in (project.manifest ?? {}) ||
          facts.of(lineToolCalls, project).calls.some((call) => call.tool.id === tool.id),
      ) ?? advised.find((tool) => tool.packages.some((name) => rootNames.has(name)));
    return fail(
      "No coverage threshold is enforced.",
      undefined,
      runner
        ? `${runner.title} runs the tests: ${runner.coverageAdvice ?? ""}.`
        : "Set a coverage threshold in the test runner's config (Vitest's `test.coverage.thresholds`, Jest's `coverageThreshold`, c8's `check-coverage`) and run the tests with coverage in CI.",
    );
  },
});
