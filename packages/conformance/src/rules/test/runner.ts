import { workspace } from "@paved/facts";
import { anySegment } from "@paved/facts";
import { defineRule, dependencyNames, fail, pass, rootManifest } from "../define.js";

const runners = ["vitest", "jest", "mocha", "@playwright/test", "ava", "tap", "uvu", "jasmine"];

export default defineRule({
  meta: {
    id: "test/runner",
    station: "test",
    description:
      "A test runner is set up: Vitest, Jest, Mocha, Playwright, AVA, tap, or node:test through a script.",
    rationale:
      "Without a runner there are no tests, and every change is checked only by hand, if at all.",
    remediation: "Add Vitest: `npm i -D vitest` and a `test` script `vitest run`.",
    severity: "error",
    scope: "project",
  },
  reads: [workspace],
  judge(facts, project) {
    const names = dependencyNames(facts, project);
    const runner = runners.find((name) => names.has(name));
    if (runner) return pass(`${runner} is a dependency.`);
    const scripts = {
      ...rootManifest(facts)?.scripts,
      ...project.manifest?.scripts,
    };
    const nodeTest = Object.entries(scripts).find(([, command]) =>
      anySegment(/\bnode\b[^&|;]*\s--test\b/, command),
    );
    if (nodeTest) return pass(`node:test runs through the "${nodeTest[0]}" script.`);
    return fail("No test runner found in dependencies or scripts.");
  },
});
