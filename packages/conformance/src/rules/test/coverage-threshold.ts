import { workspace } from "@paved/facts";
import { posix } from "node:path";
import { coverageGates, lineToolCalls, type Project, type RepoIndex } from "@paved/facts";
import { testRunners, vitestConfigFiles } from "@paved/stations";
import { defineRule, dependencyNames, fail, findUp, notEvaluated, pass } from "../define.js";

const vitestConfigs = [...vitestConfigFiles, "vitest.workspace.ts"];
const jestConfigs = [
  "jest.config.js",
  "jest.config.ts",
  "jest.config.mjs",
  "jest.config.cjs",
  "jest.config.json",
];
const c8Configs = [".c8rc", ".c8rc.json", ".nycrc", ".nycrc.json", ".nycrc.yml", ".nycrc.yaml"];

/**
 * The config file the project's test script names with `--config`/`-c` (a workspace's shared
 * setup), as a repository path; undefined when it names none, or a file the repository lacks.
 */
function namedConfig(index: RepoIndex, project: Project): string | undefined {
  const script = project.manifest?.scripts?.["test"] ?? "";
  const named = /(?:^|\s)(?:--config|-c)(?:=|\s+)["']?([^\s"']+)/.exec(script)?.[1];
  if (named === undefined) return undefined;
  const path = posix.normalize(posix.join(project.dir, named));
  return path.startsWith("../") || posix.isAbsolute(path) ? undefined : index.first([path]);
}

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
  reads: [workspace, coverageGates, lineToolCalls],
  judge(facts, project) {
    const index = facts.files;
    const configs = [
      namedConfig(index, project),
      findUp(facts, project, vitestConfigs),
      findUp(facts, project, jestConfigs),
    ];
    for (const config of configs) {
      if (!config) continue;
      const text = index.text(config);
      if (!text.ok)
        return notEvaluated("A test config could not be read.", text.problem, { path: config });
      if (/\bthresholds\s*:|\bcoverageThreshold\b/.test(text.value))
        return pass(`${config} sets a coverage threshold.`, { path: config });
    }
    const jestInManifest = project.manifest?.["jest"];
    if (
      jestInManifest !== null &&
      typeof jestInManifest === "object" &&
      "coverageThreshold" in jestInManifest
    ) {
      return pass("Jest's coverageThreshold is set in package.json.");
    }
    const c8 = findUp(facts, project, c8Configs);
    if (c8) {
      const text = index.text(c8);
      if (text.ok && /check-coverage["']?\s*[:=]\s*true/.test(text.value))
        return pass(`${c8} checks coverage.`, { path: c8 });
    }
    const gate = facts.of(coverageGates, project);
    if (gate)
      return pass(
        `${gate.by} enforces a coverage threshold: \`${gate.command.trim()}\` (${gate.tool.title} ${gate.flag}).`,
        { path: gate.path, ...(gate.line ? { line: gate.line } : {}) },
      );
    // Advice for the runner the project already uses, not for one it would have to add.
    const runner = testRunners.find(
      (tool) =>
        tool.coverageAdvice !== undefined &&
        (tool.packages.some((name) => dependencyNames(project).has(name)) ||
          facts.of(lineToolCalls, project).calls.some((call) => call.tool.id === tool.id)),
    );
    return fail(
      "No coverage threshold is enforced.",
      undefined,
      runner ? `${runner.title} runs the tests: ${runner.coverageAdvice ?? ""}.` : undefined,
    );
  },
});
