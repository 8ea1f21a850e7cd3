import { defineRule, fail, findUp, notApplicable, notEvaluated, pass } from "../define.js";

const flatConfigs = [
  "eslint.config.js",
  "eslint.config.mjs",
  "eslint.config.cjs",
  "eslint.config.ts",
  "eslint.config.mts",
  "eslint.config.cts",
];

/** Presets and options that switch type-aware linting on. The config is read as text, never run. */
const typeAwareMarkers = [
  /@paved\/eslint-config/,
  /\bprojectService\b/,
  /\bparserOptions\s*:\s*\{[^}]*\bproject\s*:/s,
  /\b(strict|recommended|all)TypeChecked(Only)?\b/,
];

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
  check(context) {
    const { index, project } = context;
    const prefix = project.dir === "" ? "" : `${project.dir}/`;
    const hasTypeScript = index.files.some(
      (file) =>
        file.startsWith(prefix) && /\.(ts|tsx|mts|cts)$/.test(file) && !file.endsWith(".d.ts"),
    );
    if (!hasTypeScript)
      return notApplicable("No TypeScript sources: type-aware linting does not apply.");
    const config = findUp(context, flatConfigs);
    if (!config) return fail("No ESLint flat config found, so no type-aware linting.");
    const text = index.text(config);
    if (!text.ok)
      return notEvaluated("The ESLint config could not be read.", text.problem, { path: config });
    if (typeAwareMarkers.some((marker) => marker.test(text.value)))
      return pass(`${config} enables type-aware rules.`, { path: config });
    return fail(
      `${config} does not enable type-aware rules (no type-checked preset, no projectService).`,
      { path: config },
    );
  },
});
