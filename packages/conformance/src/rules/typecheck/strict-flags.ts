import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";
import { nearestTsconfig, effectiveOptions, strictFlags } from "../evidence/tsconfig.js";

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
  check(context) {
    const { index } = context;
    const tsconfig = nearestTsconfig(context);
    if (!tsconfig) return notApplicable("No tsconfig.json (typecheck/strict reports that).");
    const effective = effectiveOptions(index, tsconfig);
    if (!effective.ok)
      return notEvaluated("The effective tsconfig could not be worked out.", effective.problem, {
        path: tsconfig,
      });
    const missing = strictFlags.filter((flag) => effective.options[flag] !== true);
    if (missing.length === 0)
      return pass(`${tsconfig} turns on every strictness flag.`, { path: tsconfig });
    return fail(`${tsconfig} leaves off: ${missing.join(", ")}.`, { path: tsconfig });
  },
});
