import type { Project } from "@paved/conformance";
import { typeScriptOutsideConfigs } from "@paved/facts";
import { templateVersions } from "@paved/generators";
import {
  getNodeValue,
  parse as parseJsonc,
  printParseErrorCode,
  type ParseError,
} from "jsonc-parser";
import { parseDocument } from "yaml";
import { jsonGet, jsonSet } from "../edit/json.js";
import { migrateLegacyConfig, migrateLegacyJsConfig, type Migration } from "../edit/migrator.js";
import { composeFlatConfig, type PresetLines } from "../edit/module.js";
import { refuse, type FixContext } from "../fix.js";
import type { Workspace } from "../workspace.js";

/** The legacy config files of a directory in the order ESLint 8 tried them: it used the first. */
const legacyFiles = [
  ".eslintrc.js",
  ".eslintrc.cjs",
  ".eslintrc.yaml",
  ".eslintrc.yml",
  ".eslintrc.json",
  ".eslintrc",
];

/** The file the migration writes, as @eslint/migrate-config names it. */
export const migratedConfig = "eslint.config.mjs";
/** What a CommonJS `.eslintrc.js` or `.eslintrc.cjs` becomes: still CommonJS, whatever the package's type. */
export const migratedCommonJsConfig = "eslint.config.cjs";

/** How the preset joins a flat config, here and in lint/type-aware's fix of a flat config. */
export const preset: PresetLines = {
  esm: {
    line: 'import paved from "@paved/eslint-config";',
    spread: "paved({ tsconfigRootDir: import.meta.dirname })",
  },
  // The preset is an ES module, which require() loads (Node.js 20.19, 22.12 and later).
  commonJs: {
    line: 'const { paved } = require("@paved/eslint-config");',
    spread: "paved({ tsconfigRootDir: __dirname })",
  },
};
export const presetName = "@paved/eslint-config";

/** typescript-eslint's limit of files the default project takes (`maximumDefaultProjectFileMatchCount`). */
const maxDefaultProject = 8;

/** What the preset ignores by default (@paved/eslint-config's `defaultIgnores`; a test holds them equal). */
export const presetIgnores =
  /(?:^|\/)(?:dist|build|coverage|generated|\.nx|\.turbo)\/|\.generated\./;

/**
 * The preset's call for a flat config in `dir`. The TypeScript files there that no tsconfig
 * includes (a root `vitest.config.ts` beside `"include": ["src"]`) are parsing errors for
 * type-aware linting: they are listed in `allowDefaultProject`, up to typescript-eslint's limit
 * of eight; past it, the fix is refused with the files to include in a tsconfig.
 */
export function presetFor(files: Workspace, dir: string): PresetLines {
  const readJson = (path: string): unknown => {
    const text = files.has(path) ? files.read(path) : undefined;
    return text === undefined ? undefined : parseJsonc(text, [], { allowTrailingComma: true });
  };
  const listed = files.list();
  const outside = typeScriptOutsideConfigs(listed, readJson, dir, (path) =>
    presetIgnores.test(path),
  ).map((path) => (dir === "" ? path : path.slice(dir.length + 1)));
  if (outside.length === 0) return preset;
  if (!listed.some((path) => path === "tsconfig.json" || path.endsWith("/tsconfig.json")))
    refuse(
      "no tsconfig.json: the preset's type-aware rules need one to parse the TypeScript sources; write one, then adopt again.",
    );
  if (outside.length > maxDefaultProject)
    refuse(
      `${String(outside.length)} TypeScript files are in no tsconfig (${outside.slice(0, 3).join(", ")}, …), and the preset's type-aware rules cannot parse them: add them to a tsconfig's include, then adopt again.`,
    );
  const option = `allowDefaultProject: ${JSON.stringify(outside)}`;
  return {
    esm: {
      line: preset.esm.line,
      spread: `paved({ tsconfigRootDir: import.meta.dirname, ${option} })`,
    },
    commonJs: {
      line: preset.commonJs.line,
      spread: `paved({ tsconfigRootDir: __dirname, ${option} })`,
    },
  };
}

/** A legacy config: a file, or the `eslintConfig` key of a package.json. */
interface Legacy {
  path: string;
  manifestKey: boolean;
}

/** The legacy config ESLint 8 used in `dir`, if any. */
function legacyIn(files: Workspace, dir: string): Legacy | undefined {
  const at = (name: string) => (dir === "" ? name : `${dir}/${name}`);
  const file = legacyFiles.map(at).find((path) => files.has(path));
  if (file !== undefined) return { path: file, manifestKey: false };
  const manifest = at("package.json");
  const text = files.has(manifest) ? files.read(manifest) : undefined;
  return text !== undefined && jsonGet(text, manifest, ["eslintConfig"]) !== undefined
    ? { path: manifest, manifestKey: true }
    : undefined;
}

/**
 * The legacy config that governs a project: its own directory's, else the root's. Only the
 * root's is migrated: ESLint 8 merged a package's config with those above it (up to
 * `root: true`), a cascade a single flat config at the root does not reproduce.
 */
function governing(files: Workspace, project: Project): Legacy | undefined {
  const own = project.dir === "" ? undefined : legacyIn(files, project.dir);
  if (own)
    refuse(
      `${own.path} is a package's own legacy ESLint config, which ESLint 8 merged with the ones above it: migrate it by hand (\`npx @eslint/migrate-config ${own.path}\`).`,
    );
  return legacyIn(files, "");
}

const plainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A `.json` (JSONC, as ESLint read it), `.yaml`/`.yml`, or extension-less (JSON or YAML) config. */
function parseData(text: string, path: string): unknown {
  const errors: ParseError[] = [];
  const json: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length === 0) return json;
  if (path.endsWith(".json")) {
    const first = errors[0];
    refuse(
      `${path} is not valid JSON (${first ? printParseErrorCode(first.error) : "?"} at offset ${String(first?.offset)}); fix it by hand first.`,
    );
  }
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0)
    refuse(
      `${path} is neither JSON nor YAML (${document.errors[0]?.message.split("\n")[0] ?? ""}).`,
    );
  return document.toJS({ maxAliasCount: 100 }) as unknown;
}

/** The config object of a data config; parsed here, never loaded by ESLint's loader. */
function readLegacy(files: Workspace, legacy: Legacy): Record<string, unknown> {
  const text = files.read(legacy.path) ?? "";
  const value = legacy.manifestKey
    ? (parseJsonc(text, [], { allowTrailingComma: true }) as { eslintConfig?: unknown })
        .eslintConfig
    : parseData(text, legacy.path);
  const where = legacy.manifestKey ? `the "eslintConfig" key of ${legacy.path}` : legacy.path;
  if (!plainObject(value)) refuse(`${where} does not hold a config object.`);
  checkNames(value, where);
  return value;
}

/** A plugin name (`react`, `@typescript-eslint`, `eslint-plugin-x`, `@scope/eslint-plugin`). */
const pluginName = /^(?:@[\w.-]+\/)?[\w.-]+$|^@[\w.-]+$/;
const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * Refuses the names the migrator writes into code as identifiers rather than strings: plugin
 * names become variable names, `globals` keys property names. A config is data, and a name
 * that is not one (a key holding a call, say) would become code in the migrated config. The migrator
 * also leaves nested `overrides` out, so they are refused rather than dropped.
 */
function checkNames(config: Record<string, unknown>, where: string): void {
  const overrides = Array.isArray(config["overrides"]) ? (config["overrides"] as unknown[]) : [];
  for (const part of [config, ...overrides]) {
    if (!plainObject(part)) refuse(`${where} has an override that is not an object.`);
    if (part !== config && part["overrides"] !== undefined)
      refuse(`${where} nests overrides, which the migrator does not carry over: migrate by hand.`);
    const plugins = part["plugins"] ?? [];
    const envPlugins = Object.keys(plainObject(part["env"]) ? part["env"] : {})
      .filter((name) => name.includes("/"))
      .map((name) => name.slice(0, name.indexOf("/")));
    const names = [...(Array.isArray(plugins) ? (plugins as unknown[]) : [plugins]), ...envPlugins];
    const badPlugin = names.find((name) => typeof name !== "string" || !pluginName.test(name));
    if (badPlugin !== undefined)
      refuse(`${where} names a plugin that is not a package name (${JSON.stringify(badPlugin)}).`);
    const globals = Object.keys(plainObject(part["globals"]) ? part["globals"] : {});
    const badGlobal = globals.find((name) => !identifier.test(name));
    if (badGlobal !== undefined)
      refuse(
        `${where} declares a global that is not an identifier (${JSON.stringify(badGlobal)}).`,
      );
  }
}

/**
 * The ignore patterns ESLint 8 read: `.eslintignore` as the migrator's command reads it (no
 * blank or `#` lines), else package.json's `eslintIgnore` list, which the command leaves out.
 */
function ignoresOf(files: Workspace): { patterns?: string[]; manifestKey: boolean } {
  const text = files.read(".eslintignore");
  if (text !== undefined)
    return {
      patterns: text.split(/\r?\n/).filter((line) => line.trim() !== "" && !line.startsWith("#")),
      manifestKey: false,
    };
  const manifest = files.read("package.json");
  const listed: unknown =
    manifest === undefined ? undefined : rootManifestValue(manifest, "eslintIgnore");
  if (listed === undefined) return { manifestKey: false };
  const patterns = Array.isArray(listed) ? (listed as unknown[]) : [listed];
  if (!patterns.every((pattern) => typeof pattern === "string"))
    refuse('package.json\'s "eslintIgnore" is not a list of patterns.');
  return { patterns, manifestKey: true };
}

/** A key of the root package.json as a value (jsonc-parser, as the edits read it). */
function rootManifestValue(text: string, key: string): unknown {
  const node = jsonGet(text, "package.json", [key]);
  return node === undefined ? undefined : (getNodeValue(node) as unknown);
}

/** The first lines of the migrated config: where it comes from, and what is left to delete. */
function headerFor(where: string, leftovers: readonly string[]): string {
  return [
    `// Migrated from ${where} by @eslint/migrate-config (paved adopt) and composed with the`,
    "// Paved preset; the repository's own configs come after it and win.",
    ...(leftovers.length > 0
      ? [
          `// ESLint 9 and later read only this file: delete ${leftovers.join(" and ")} once reviewed.`,
        ]
      : []),
    "",
  ].join("\n");
}

/** The version ranges a root package.json declares for `name`, with the field they are in. */
function declared(text: string, name: string): { field: string; range: string } | undefined {
  for (const field of ["devDependencies", "dependencies"]) {
    const range: unknown = jsonGet(text, "package.json", [field, name])?.value;
    if (typeof range === "string") return { field, range };
  }
  return undefined;
}

/**
 * Brings the root's ESLint packages to what the preset runs with: an `eslint` older than 10
 * (the preset and the migrated config need ESLint 10), and typescript-eslint's plugin and
 * parser at the preset's typescript-eslint version, so that the package manager installs one
 * copy: ESLint refuses two different objects for one plugin name ("Cannot redefine plugin").
 */
export function alignWithPreset(files: Workspace): void {
  const pins: [string, string | undefined, (range: string) => boolean][] = [
    ["eslint", templateVersions["eslint"], (range) => range.split("||").every(below10)],
    ...["@typescript-eslint/eslint-plugin", "@typescript-eslint/parser", "typescript-eslint"].map(
      (name): [string, string | undefined, (range: string) => boolean] => [
        name,
        templateVersions["typescript-eslint"],
        (range) => range !== templateVersions["typescript-eslint"],
      ],
    ),
  ];
  for (const [name, version, outdated] of pins) {
    const text = files.read("package.json");
    const found = text === undefined ? undefined : declared(text, name);
    if (text === undefined || found === undefined || version === undefined) continue;
    if (outdated(found.range))
      files.write("package.json", jsonSet(text, "package.json", [found.field, name], version));
  }
}

const below10 = (range: string): boolean => Number(/\d+/.exec(range)?.[0] ?? "0") < 10;

/**
 * lint/type-aware's fix where the repository has a legacy config and no flat one: the config
 * object goes through @eslint/migrate-config's own conversion (FlatCompat for `extends`, the
 * `.eslintignore` patterns as global ignores), and the result is composed with the preset.
 */
export function migrateEslintrc({ files, project, needs }: FixContext): void {
  const legacy = governing(files, project);
  if (legacy === undefined)
    refuse("no ESLint flat config: lint/linter-configured's fix writes one with the preset.");
  const earlier = [migratedConfig, migratedCommonJsConfig].find((path) => files.has(path));
  if (earlier !== undefined) {
    // Another project's fix of this plan migrated the root's config already.
    if (!(files.read(earlier) ?? "").includes(presetName))
      refuse(`${earlier} does not compose the preset; compose it by hand.`);
    return;
  }
  const where = legacy.manifestKey ? "package.json's eslintConfig" : legacy.path;
  const ignores = ignoresOf(files);
  const javascript = /\.c?js$/.test(legacy.path);
  const migration = javascript
    ? migrateLegacyJsConfig(files.read(legacy.path) ?? "", ignores.patterns, where)
    : migrateLegacyConfig(readLegacy(files, legacy), ignores.patterns, where);
  const added = addedImports(migration);
  const unknown = added.filter((name) => templateVersions[name] === undefined);
  if (unknown.length > 0)
    refuse(`the migrated config needs ${unknown.join(", ")}, which paved has no version of.`);
  const leftovers = [
    ...(legacy.manifestKey ? [] : [legacy.path]),
    ...(files.has(".eslintignore") ? [".eslintignore"] : []),
  ];
  const esm = !javascript || !/\bmodule\.exports\b|\bexports\s*=/.test(migration.code);
  const path = esm ? migratedConfig : migratedCommonJsConfig;
  files.create(
    path,
    `${headerFor(where, leftovers)}${composeFlatConfig(migration.code, path, presetFor(files, ""))}\n`,
  );
  // What package.json held for ESLint 8 is now in the flat config: the keys go.
  const keys = [
    ...(legacy.manifestKey ? ["eslintConfig"] : []),
    ...(ignores.manifestKey ? ["eslintIgnore"] : []),
  ];
  for (const key of keys)
    files.edit("package.json", (text) => jsonSet(text, "package.json", [key], undefined));
  needs(["eslint", "@paved/eslint-config", ...added]);
  alignWithPreset(files);
}

/** The packages the migration brings in (`globals`, `@eslint/js`, …), not Node's own. */
const addedImports = (migration: Migration): string[] =>
  [...migration.imports]
    .filter(([name, info]) => info.added === true && !name.startsWith("node:"))
    .map(([name]) => name);
