import {
  configuredLinter,
  eslintFlatConfig,
  legacyEslintTypes,
  lineToolCalls,
  linterOf,
  packageManagerOf,
  parserOption,
  typeScriptSources,
  type Facts,
  type ModuleFacts,
  type Project,
} from "@paved/facts";
import type { Verdict } from "../../model.js";
import { sourceFiles, defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";

/** Packages whose default config is type-aware. */
const typeAwarePresets = ["@paved/eslint-config"];

/** The literal a property is set to at the top of a call's argument (`paved({ typeChecked: false })`). */
const setTo = (facts: ModuleFacts, key: string, value: string) =>
  facts.properties.some((property) => property.key === key && property.value === value);

/**
 * A flat config is type-aware when its structure shows a type-aware preset that is not switched
 * off (`typeChecked: false`), a type-checked config of typescript-eslint, or
 * `parserOptions.projectService` / `parserOptions.project` set.
 */
function typeAware(facts: ModuleFacts): string | undefined {
  const preset = facts.imports.find((source) => typeAwarePresets.includes(source));
  if (preset && !setTo(facts, "typeChecked", "false")) return `imports ${preset}`;
  const typeChecked = [...facts.names].find((name) =>
    /^(strict|recommended|stylistic|all)TypeChecked(Only)?$/.test(name),
  );
  if (typeChecked) return `uses typescript-eslint's ${typeChecked}`;
  if (parserOption(facts, "projectService")) return "sets parserOptions.projectService";
  if (parserOption(facts, "project")) return "sets parserOptions.project";
  return undefined;
}

/** A lint call with type information on the line (`oxlint --type-aware`), as a pass. */
function typeAwareCall(facts: Facts, project: Project): Verdict | undefined {
  const { calls, by } = facts.of(lineToolCalls, project);
  const at = calls.findIndex((call) => call.station === "lint" && call.tool.typeAware);
  const call = calls[at];
  return call
    ? pass(`${call.tool.title} lints with type information (${by[at] ?? "a script"}).`)
    : undefined;
}

export default defineRule({
  meta: {
    id: "lint/type-aware",
    station: "lint",
    description:
      "TypeScript code is linted with type information (typescript-eslint type-checked rules or `parserOptions.project`, in a flat or a legacy config, the Paved preset, xo, or `oxlint --type-aware`).",
    rationale:
      "Only type-aware rules catch floating promises, misused promises and unsafe `any` flows.",
    remediation:
      "Use `@paved/eslint-config` (type-aware by default), or typescript-eslint's `strictTypeChecked` with `parserOptions.projectService: true`.",
    severity: "warning",
    scope: "project",
  },
  reads: [typeScriptSources, eslintFlatConfig, lineToolCalls, configuredLinter],
  judge(facts, project) {
    const hasTypeScript = sourceFiles(facts, project, "typescript").length > 0;
    if (!hasTypeScript)
      return notApplicable("No TypeScript sources: type-aware linting does not apply.");
    const parsed = facts.of(eslintFlatConfig, project);
    const oxlint = parsed ? undefined : typeAwareCall(facts, project);
    if (oxlint) return oxlint;
    if (!parsed) {
      // A legacy config is read as structure too: typescript-eslint's type-checked configs, or
      // parserOptions.project, give type information in ESLint 8 as in 9.
      const linter = linterOf(facts);
      const legacy = linter?.tool.id === "eslint" ? legacyEslintTypes(facts, project) : undefined;
      if (legacy?.evidence !== undefined)
        return pass(
          `${legacy.path} (a legacy config) ${legacy.evidence}: type-aware rules are on.`,
          {
            path: legacy.path,
          },
        );
      if (legacy !== undefined && !legacy.read)
        return notEvaluated(
          "The legacy ESLint config could not be read.",
          `${legacy.path} could not be parsed`,
          {
            path: legacy.path,
          },
        );
      const pm = packageManagerOf(facts);
      // Say what the repository lints with, and how that linter gets type information.
      const message =
        linter === undefined
          ? "No linter configuration found, so no type-aware linting."
          : linter.tool.id === "eslint"
            ? `ESLint's legacy config (${linter.how}) neither extends a type-checked config of typescript-eslint nor sets parserOptions.project.`
            : `${linter.tool.title} lints here (${linter.how}) without type information.`;
      return fail(
        message,
        undefined,
        linter?.tool.id === "oxlint"
          ? `oxlint is the linter here (${linter.how}): run it with type information, \`${pm.exec("oxlint --type-aware")}\` (with \`oxlint-tsgolint\` installed), from a script that CI calls.`
          : linter !== undefined && linter.tool.id !== "eslint"
            ? `${linter.tool.title} does not lint with TypeScript's types: run oxlint with \`--type-aware\` (\`${pm.addDev("oxlint oxlint-tsgolint")}\`) or typescript-eslint's type-checked rules beside it, from a script that CI calls.`
            : undefined,
      );
    }
    const config = parsed.path;
    if (!parsed.ok)
      return notEvaluated(
        `The ESLint config could not be ${parsed.read ? "parsed" : "read"}.`,
        parsed.problem,
        { path: config },
      );
    const evidence = typeAware(parsed.facts);
    if (evidence) return pass(`${config} ${evidence}: type-aware rules are on.`, { path: config });
    const called = typeAwareCall(facts, project);
    if (called) return called;
    return fail(
      `${config} does not enable type-aware rules (no type-checked preset, no projectService).`,
      { path: config },
    );
  },
});
