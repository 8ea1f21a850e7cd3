import { linters, styleEnforcingEslintPresets } from "@paved/stations";
import type { Facts } from "../facts.js";
import { findUp, inProject, type Project } from "../project.js";
import { isRecord } from "../record.js";
import { parseModule } from "./js-module.js";

const eslintConfigs = linters.find((tool) => tool.id === "eslint")?.configFiles ?? [];
const isFlat = (file: string) => file.startsWith("eslint.config.");

/** A preset name as a package: `standard` → eslint-config-standard, `plugin:prettier/x` → eslint-plugin-prettier. */
export function eslintPackageOf(spec: string): string {
  const nodeModules = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(spec);
  if (nodeModules?.[1]) return nodeModules[1];
  if (spec.startsWith("plugin:")) {
    // `plugin:<plugin>/<config>`, the plugin `name`, `@scope` or `@scope/name`.
    const [first = "", second, third] = spec.slice("plugin:".length).split("/");
    if (!first.startsWith("@")) return `eslint-plugin-${first}`;
    return third === undefined
      ? `${first}/eslint-plugin`
      : `${first}/eslint-plugin-${second ?? ""}`;
  }
  if (spec.startsWith("@")) {
    const [scope, name] = spec.split("/");
    if (!name) return `${scope ?? ""}/eslint-config`;
    return name.startsWith("eslint-config")
      ? `${scope ?? ""}/${name}`
      : `${scope ?? ""}/eslint-config-${name}`;
  }
  const name = spec.split("/")[0] ?? spec;
  return name.startsWith("eslint-config") || name.startsWith("eslint-plugin") || name === "gts"
    ? name
    : `eslint-config-${name}`;
}

const presetOf = (names: readonly string[]) =>
  names.find((source) =>
    styleEnforcingEslintPresets.some((name) => source === name || source.startsWith(`${name}/`)),
  );

/** The `extends` entries of a legacy config, and Prettier as a rule (`"prettier/prettier"`). */
function legacyPresets(config: unknown): string[] {
  if (!isRecord(config)) return [];
  const extended = config["extends"];
  const specs = (
    typeof extended === "string" ? [extended] : Array.isArray(extended) ? extended : []
  )
    .filter((spec): spec is string => typeof spec === "string")
    .map(eslintPackageOf);
  const rules = config["rules"];
  if (
    isRecord(rules) &&
    rules["prettier/prettier"] !== undefined &&
    rules["prettier/prettier"] !== "off"
  )
    specs.push("eslint-plugin-prettier");
  return specs;
}

/**
 * The ESLint config of a project when it uses a preset that enforces code style (neostandard,
 * @antfu/eslint-config, @stylistic, Prettier as a rule through eslint-plugin-prettier, gts): such
 * a config fails on unformatted code when ESLint runs. A flat config by the modules it imports;
 * a legacy one by its `extends` (and a `prettier/prettier` rule), a JavaScript one by its string
 * literals; package.json's `eslintConfig` like a legacy file. Never executed.
 */
export function styleEnforcingEslint(
  facts: Facts,
  project: Project,
): { path: string; preset: string } | undefined {
  const index = facts.files;
  const path = findUp(index, project, eslintConfigs);
  if (!path) {
    const manifest = project.manifest?.["eslintConfig"];
    const preset = presetOf(legacyPresets(manifest));
    return preset ? { path: inProject(project, "package.json"), preset } : undefined;
  }
  const file = path.slice(path.lastIndexOf("/") + 1);
  if (/\.(?:c|m)?[jt]s$/.test(file)) {
    const text = index.text(path);
    if (!text.ok) return undefined;
    const parsed = index.derive(`module:${path}`, () => parseModule(text.value, path));
    if (!parsed.ok) return undefined;
    const names = isFlat(file)
      ? parsed.facts.imports
      : [...parsed.facts.imports, ...parsed.facts.strings.map(eslintPackageOf)];
    const preset = presetOf(names);
    return preset ? { path, preset } : undefined;
  }
  const config = index.yaml(path);
  const preset = config.ok ? presetOf(legacyPresets(config.value)) : undefined;
  return preset ? { path, preset } : undefined;
}
