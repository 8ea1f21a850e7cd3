import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";
import { compilingConfigs, nearestTsconfig, effectiveOptions, strictFlags } from "@paved/facts";

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
  judge(facts, project) {
    const index = facts.files;
    const tsconfig = nearestTsconfig(facts.files, project);
    if (!tsconfig) return notApplicable("No tsconfig.json (typecheck/strict reports that).");
    return compilingConfigs(index, tsconfig).map((config) => {
      const effective = effectiveOptions(index, config);
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
