import { linters, styleEnforcingEslintPresets } from "@paved/stations";
import type { Facts } from "../facts.js";
import { findUp, type Project } from "../project.js";
import { parseModule } from "./js-module.js";

const eslintFlat = (linters.find((tool) => tool.id === "eslint")?.configFiles ?? []).filter(
  (file) => file.startsWith("eslint.config."),
);

/**
 * The ESLint flat config of a project when it imports a preset that enforces code style
 * (neostandard, @antfu/eslint-config, @stylistic): such a config formats the code when ESLint
 * runs. Read from the module's imports, never executed.
 */
export function styleEnforcingEslint(
  facts: Facts,
  project: Project,
): { path: string; preset: string } | undefined {
  const index = facts.files;
  const path = findUp(index, project, eslintFlat);
  if (!path) return undefined;
  const text = index.text(path);
  if (!text.ok) return undefined;
  const parsed = index.derive(`module:${path}`, () => parseModule(text.value, path));
  if (!parsed.ok) return undefined;
  const preset = parsed.facts.imports.find((source) =>
    styleEnforcingEslintPresets.some((name) => source === name || source.startsWith(`${name}/`)),
  );
  return preset ? { path, preset } : undefined;
}
