import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";
import { strictFlags, tsconfig as tsconfigFact } from "@paved/facts";

export default defineRule({
  meta: {
    id: "typecheck/strict-flags",
    station: "typecheck",
    description: `The effective tsconfig turns on the checks beyond \`strict\`: ${strictFlags.map((flag) => `\`${flag}\``).join(", ")}.`,
    rationale:
      "`strict` alone still lets unchecked index access, silent overrides and fall-through cases compile.",
    remediation:
      "Extend `@paved/tsconfig/node` (or `@tsconfig/strictest`), or set the missing flags in `compilerOptions`.",
    severity: "warning",
    scope: "project",
  },
  reads: [tsconfigFact],
  judge(facts, project) {
    const tsconfig = facts.of(tsconfigFact, project);
    if (!tsconfig) return notApplicable("No tsconfig.json (typecheck/strict reports that).");
    return tsconfig.compiling.map(({ path: config, options: effective }) => {
      if (!effective.ok) {
        return notEvaluated("The effective tsconfig could not be worked out.", effective.problem, {
          path: config,
        });
      }
      const missing = strictFlags.filter((flag) => effective.options[flag] !== true);
      if (missing.length === 0)
        return pass(`${config} turns on every strictness flag.`, { path: config });
      return fail(`${config} leaves off: ${missing.join(", ")}.`, { path: config });
    });
  },
});
