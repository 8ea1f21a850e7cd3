import { sourceFiles, defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";
import { packageManagerOf, sources as sourcesFact, tsconfig as tsconfigFact } from "@paved/facts";

export default defineRule({
  meta: {
    id: "typecheck/strict",
    station: "typecheck",
    description:
      "TypeScript's `strict` mode is on in the effective tsconfig, following `extends` chains and package presets.",
    rationale:
      "Without `strict`, null dereferences and implicit `any` compile silently and fail in production.",
    remediation:
      'Extend the Paved preset: `"extends": "@paved/tsconfig/node"` in tsconfig.json (`npm i -D @paved/tsconfig`).',
    severity: "error",
    scope: "project",
  },
  reads: [tsconfigFact, sourcesFact],
  judge(facts, project) {
    const sources = sourceFiles(facts, project, "any");
    const tsconfig = facts.of(tsconfigFact, project);
    if (!tsconfig) {
      return sources.length === 0
        ? notApplicable("No sources to type-check.")
        : fail("No tsconfig.json: nothing type-checks this code.");
    }
    // Each config that compiles code must be strict; one verdict per config.
    return tsconfig.compiling.map(({ path: config, options: effective }) => {
      if (!effective.ok) {
        return notEvaluated("The effective tsconfig could not be worked out.", effective.problem, {
          path: config,
        });
      }
      if (effective.options["strict"] === true) {
        const via =
          effective.chain.length > 1 ? ` (through ${effective.chain.slice(1).join(" → ")})` : "";
        return pass(`${config} is strict${via}.`, { path: config });
      }
      return fail(
        `${config} does not turn on \`strict\`.`,
        { path: config },
        `Extend the Paved preset: \`"extends": "@paved/tsconfig/node"\` in ${config} (\`${packageManagerOf(facts).addDev("@paved/tsconfig")}\`), or set \`"strict": true\` in its \`compilerOptions\`.`,
      );
    });
  },
});
