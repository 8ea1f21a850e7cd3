import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { EditError } from "./error.js";

/** What @eslint/migrate-config's `migrateConfig` returns: the flat config's source and its imports. */
export interface Migration {
  code: string;
  messages: string[];
  /** Module name to import; `added` marks the packages the migration brings in (`globals`, …). */
  imports: Map<string, { added?: boolean }>;
}

type MigrateConfig = (
  config: Record<string, unknown>,
  options: {
    sourceType: "module";
    ignorePatterns: string[] | undefined;
    gitignore: boolean;
    targetVersion: "10";
  },
) => Migration;

type MigrateJsConfig = (
  code: string,
  options: { ignorePatterns: string[] | undefined; gitignore: boolean; targetVersion: "10" },
) => Migration;

interface Migrator {
  migrateConfig: MigrateConfig;
  migrateJSConfig: MigrateJsConfig;
}

const require = createRequire(import.meta.url);
const entry = join("@eslint", "migrate-config", "src", "migrate-config.js");
let loaded: Migrator | undefined;

/**
 * ESLint's own migrator, from OUR dependency: the package exports nothing but its command, so
 * the module that command calls is found in the node_modules directories a `require` from here
 * searches, and loaded by its path (recast, espree and @eslint/eslintrc come with it, on first
 * use only). It converts a config object; nothing of the repository is loaded by it.
 */
function migrator(): Migrator {
  if (loaded) return loaded;
  const paths = require.resolve.paths("@eslint/migrate-config") ?? [];
  const file = paths.map((dir) => join(dir, entry)).find((path) => existsSync(path));
  if (file === undefined)
    throw new EditError(
      "ESLint's migrator (@eslint/migrate-config) is not installed beside paved; reinstall paved.",
    );
  loaded = require(file) as Migrator;
  return loaded;
}

/**
 * A legacy config object as flat-config source (an ES module exporting `defineConfig([…])`),
 * the `.eslintignore` patterns as its global ignores, for ESLint 10.
 */
export function migrateLegacyConfig(
  config: Record<string, unknown>,
  ignorePatterns: string[] | undefined,
  file: string,
): Migration {
  return migrating(file, (lib) =>
    lib.migrateConfig(structuredClone(config), {
      sourceType: "module",
      ...options(ignorePatterns),
    }),
  );
}

/**
 * A legacy JavaScript config (`.eslintrc.js`, `.eslintrc.cjs`) as flat-config source: the
 * migrator parses it (espree, through recast) and rewrites the object it exports into
 * `defineConfig([…])`, keeping the rest of the file's code and its module kind. The file is
 * read as text and never loaded: nothing in it runs.
 */
export function migrateLegacyJsConfig(
  code: string,
  ignorePatterns: string[] | undefined,
  file: string,
): Migration {
  return migrating(file, (lib) => lib.migrateJSConfig(code, options(ignorePatterns)));
}

/** The migrator's options for ESLint 10, the `.eslintignore` patterns as global ignores. */
const options = (ignorePatterns: string[] | undefined) => ({
  ignorePatterns,
  gitignore: false,
  targetVersion: "10" as const,
});

/** A migration by the migrator, its failure as one line naming the file. */
function migrating(file: string, migrate: (lib: Migrator) => Migration): Migration {
  try {
    return migrate(migrator());
  } catch (error) {
    if (error instanceof EditError) throw error;
    throw new EditError(
      `${file} could not be migrated by @eslint/migrate-config (${error instanceof Error ? error.message : String(error)}); migrate it by hand.`,
    );
  }
}
