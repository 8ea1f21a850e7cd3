import type { Tool } from "@paved/stations";
import { ciCommands, workspace } from "../catalogue.js";
import { coverageGate } from "../commands.js";
import { defineProjectFact } from "../facts.js";
import type { Located } from "../pipelines.js";
import { inProject } from "../project.js";

/** A command that fails the tests under a coverage threshold, and where it is written. */
export interface CoverageGate {
  tool: Tool;
  flag: string;
  command: string;
  /** `the "test" script of package.json`, `CI (.github/workflows/ci.yml)`. */
  by: string;
  path: string;
  line?: number;
}

export const coverageGates = defineProjectFact<CoverageGate | undefined>({
  id: "coverage-gate",
  how: "The first command of the project's package.json scripts, the root's, or CI that calls a test runner or coverage tool of @paved/stations with one of its threshold flags: `bnt --coverage N`, `node --test --test-coverage-lines=N` (branches, functions), `c8`/`nyc --check-coverage` or `--100`, `borp --check-coverage`, `vitest --coverage.thresholds.*`, `jest --coverageThreshold`. A number alone (`c8 --lines 80`) sets no gate: without `--check-coverage` nothing fails.",
  read(facts, project) {
    const root = facts.get(workspace).projects[0];
    const owners = project.dir === "" || !root ? [project] : [project, root];
    for (const owner of owners)
      for (const [name, script] of Object.entries(owner.manifest?.scripts ?? {})) {
        const gate = coverageGate(script);
        const path = inProject(owner, "package.json");
        if (gate) return { ...gate, command: script, by: `the "${name}" script of ${path}`, path };
      }
    // The same for every project: worked out once per index.
    return facts.files.derive("coverage:ci-gate", () => ciGate(facts.get(ciCommands)));
  },
});

function ciGate(commands: readonly Located<string>[]): CoverageGate | undefined {
  for (const command of commands) {
    const gate = coverageGate(command.value);
    if (gate)
      return {
        ...gate,
        command: command.value,
        by: `CI (${command.path})`,
        path: command.path,
        ...(command.line ? { line: command.line } : {}),
      };
  }
  return undefined;
}
