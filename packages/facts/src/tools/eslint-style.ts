import { linters, styleEnforcingEslintPresets } from "@paved/stations";
import type { Facts } from "../facts.js";
import { findUp, inProject, type Project } from "../project.js";
import { isRecord } from "../record.js";
import { parseModule, type ModuleFacts } from "./js-module.js";

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

/** The configs a legacy config's `extends` names (one, or a list). */
function extendsOf(config: Record<string, unknown>): string[] {
  const extended = config["extends"];
  const specs: unknown[] =
    typeof extended === "string" ? [extended] : Array.isArray(extended) ? extended : [];
  return specs.filter((spec): spec is string => typeof spec === "string");
}

/** The `extends` entries of a legacy config, and Prettier as a rule (`"prettier/prettier"`). */
function legacyPresets(config: unknown): string[] {
  if (!isRecord(config)) return [];
  const specs = extendsOf(config).map(eslintPackageOf);
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

/**
 * Whether a JavaScript ESLint config sets `key` directly inside `parserOptions`, to something
 * other than `false`, `null` or `undefined` (flat and legacy configs alike).
 */
export function parserOption(facts: ModuleFacts, key: string): boolean {
  return facts.properties.some(
    (property) =>
      property.key === key &&
      property.path[property.path.length - 1] === "parserOptions" &&
      property.value !== "false" &&
      property.value !== "null" &&
      property.value !== "undefined",
  );
}

/** typescript-eslint's type-checked shared configs, as a legacy config extends them. */
const typeCheckedExtends =
  /^plugin:@typescript-eslint\/(recommended-requiring-type-checking|(strict|recommended|stylistic)-type-checked(-only)?|all)$/;

/** Whether a legacy config object (or one of its `overrides`) turns type information on. */
function legacyTypeInformation(config: unknown, depth = 0): string | undefined {
  // One level of `overrides`: YAML aliases could make deeper ones a very wide tree to walk.
  if (!isRecord(config) || depth > 1) return undefined;
  const typed = extendsOf(config).find((spec) => typeCheckedExtends.test(spec));
  if (typed !== undefined) return `extends ${typed}`;
  const options = config["parserOptions"];
  if (isRecord(options)) {
    for (const key of ["projectService", "project"]) {
      const value = options[key];
      if (value !== undefined && value !== false && value !== null && value !== "")
        return `sets parserOptions.${key}`;
    }
  }
  const overrides = config["overrides"];
  if (Array.isArray(overrides))
    for (const override of overrides.slice(0, 64)) {
      const found = legacyTypeInformation(override, depth + 1);
      if (found !== undefined) return `${found} (in overrides)`;
    }
  return undefined;
}

/**
 * What a project's legacy ESLint config (`.eslintrc*`, or package.json's `eslintConfig`) says
 * of type information: `parserOptions.project` or `projectService` set (at the top or in
 * `overrides`), or a type-checked config of typescript-eslint extended. A JavaScript config by
 * its structure and string literals, never executed. Undefined when the project has a flat
 * config or no ESLint config.
 */
export function legacyEslintTypes(
  facts: Facts,
  project: Project,
): { path: string; read: boolean; evidence?: string } | undefined {
  const index = facts.files;
  const path = findUp(index, project, eslintConfigs);
  if (path === undefined) {
    const manifest = project.manifest?.["eslintConfig"];
    if (manifest === undefined) return undefined;
    const evidence = legacyTypeInformation(manifest);
    const where = inProject(project, "package.json");
    return evidence === undefined
      ? { path: where, read: true }
      : { path: where, read: true, evidence };
  }
  const file = path.slice(path.lastIndexOf("/") + 1);
  if (isFlat(file)) return undefined;
  if (/\.(?:c|m)?js$/.test(file)) {
    const text = index.text(path);
    if (!text.ok) return { path, read: false };
    const parsed = index.derive(`module:${path}`, () => parseModule(text.value, path));
    if (!parsed.ok) return { path, read: false };
    const typed = parsed.facts.strings.find((value) => typeCheckedExtends.test(value));
    if (typed !== undefined) return { path, read: true, evidence: `extends ${typed}` };
    const option = ["projectService", "project"].find((key) => parserOption(parsed.facts, key));
    return option === undefined
      ? { path, read: true }
      : { path, read: true, evidence: `sets parserOptions.${option}` };
  }
  // `.eslintrc.json` takes comments; a bare `.eslintrc` is JSON or YAML.
  const asJson = /\.ya?ml$/.test(file) ? undefined : index.json(path);
  const config = asJson?.ok === true || file.endsWith(".json") ? asJson : index.yaml(path);
  if (!config?.ok) return { path, read: false };
  const evidence = legacyTypeInformation(config.value);
  return evidence === undefined ? { path, read: true } : { path, read: true, evidence };
}
