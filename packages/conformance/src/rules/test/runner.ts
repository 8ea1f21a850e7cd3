import { lineToolCalls, packageManagerOf } from "@paved/facts";
import { testRunners } from "@paved/stations";
import { defineRule, dependencyNames, fail, pass, rootDependencyNames } from "../define.js";

export default defineRule({
  meta: {
    id: "test/runner",
    station: "test",
    description:
      "A test runner is set up: Vitest, Jest, Mocha, Playwright, AVA, uvu, tap, tape, borp, Jasmine, or node:test through a script.",
    rationale:
      "Without a runner there are no tests, and every change is checked only by hand, if at all.",
    remediation: "Add Vitest: `npm i -D vitest` and a `test` script `vitest run`.",
    severity: "error",
    scope: "project",
  },
  reads: [lineToolCalls],
  judge(facts, project) {
    // The project's own dependencies: a runner installed at the root is not this package's.
    const names = dependencyNames(project);
    const runner = testRunners.find((tool) => tool.packages.some((name) => names.has(name)));
    if (runner) return pass(`${runner.title} is a dependency.`);
    // The root's own run of a runner covers the workspace; its devDependencies alone do not.
    const { calls, by } = facts.of(lineToolCalls, project);
    // The evidence that says most: the `test` script, then CI, then any other script (a
    // watch loop such as `dev` runs the runner too, but is not what checks a change).
    const runs = (where: (source: string) => boolean) =>
      calls.findIndex((call, i) => call.station === "test" && where(by[i] ?? ""));
    const candidates = [
      runs((source) => source.startsWith('the "test" script')),
      runs((source) => source.startsWith("CI (")),
      runs(() => true),
    ];
    const at = candidates.find((index) => index !== -1) ?? -1;
    const call = calls[at];
    if (call) return pass(`${call.tool.title} runs through ${by[at] ?? "a script"}.`);
    // The runner the repository already has, at its root, rather than a second one.
    const rootNames = rootDependencyNames(facts);
    const used = testRunners.find((tool) => tool.packages.some((name) => rootNames.has(name)));
    return fail(
      "No test runner found in dependencies or scripts.",
      undefined,
      used
        ? `${used.title} is the repository's runner (the root's dependencies): give ${project.dir === "" ? "the root" : project.dir} tests and a \`test\` script (or config) that runs it.`
        : `Add Vitest: \`${packageManagerOf(facts).addDev("vitest")}\` and a \`test\` script \`vitest run\`.`,
    );
  },
});
