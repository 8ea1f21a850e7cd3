import { eslintFlatConfig, typeScriptSources, type ModuleFacts } from "@paved/facts";
import { sourceFiles, defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";

/** Packages whose default config is type-aware. */
const typeAwarePresets = ["@paved/eslint-config"];

/** A flat config is type-aware when its syntax tree shows a type-aware preset or option. */
function typeAware(facts: ModuleFacts): string | undefined {
  const preset = facts.imports.find((source) => typeAwarePresets.includes(source));
  if (preset) return `imports ${preset}`;
  const typeChecked = [...facts.names].find((name) =>
    /^(strict|recommended|stylistic|all)TypeChecked(Only)?$/.test(name),
  );
  if (typeChecked) return `uses typescript-eslint's ${typeChecked}`;
  if (facts.keys.has("projectService")) return "sets parserOptions.projectService";
  if (facts.keys.has("parserOptions") && facts.keys.has("project"))
    return "sets parserOptions.project";
  return undefined;
}

export default defineRule({
  meta: {
    id: "lint/type-aware",
    station: "lint",
    description:
      "TypeScript code is linted with type information (typescript-eslint type-checked rules or the Paved preset).",
    rationale:
      "Only type-aware rules catch floating promises, misused promises and unsafe `any` flows.",
    remediation:
      "Use `@paved/eslint-config` (type-aware by default), or typescript-eslint's `strictTypeChecked` with `parserOptions.projectService: true`.",
    severity: "warning",
    scope: "project",
  },
  reads: [typeScriptSources, eslintFlatConfig],
  judge(facts, project) {
    const hasTypeScript = sourceFiles(facts, project, "typescript").length > 0;
    if (!hasTypeScript)
      return notApplicable("No TypeScript sources: type-aware linting does not apply.");
    const parsed = facts.of(eslintFlatConfig, project);
    if (!parsed) return fail("No ESLint flat config found, so no type-aware linting.");
    const config = parsed.path;
    if (!parsed.ok)
      return notEvaluated(
        `The ESLint config could not be ${parsed.read ? "parsed" : "read"}.`,
        parsed.problem,
        { path: config },
      );
    const evidence = typeAware(parsed.facts);
    if (evidence) return pass(`${config} ${evidence}: type-aware rules are on.`, { path: config });
    return fail(
      `${config} does not enable type-aware rules (no type-checked preset, no projectService).`,
      { path: config },
    );
  },
});
