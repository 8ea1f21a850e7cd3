/** Options of the `paved()` ESLint preset factory. */
export interface PavedOptions {
  /**
   * Lint TypeScript with type information (typescript-eslint `strictTypeChecked` and
   * `stylisticTypeChecked` through the project service). Default `true`; `false` uses the
   * `strict` and `stylistic` sets, which need no type checker and run faster.
   */
  typeChecked?: boolean;
  /** Extra glob patterns to ignore, added to the defaults (dist, coverage, generated code). */
  ignores?: readonly string[];
  /**
   * Directory that tsconfig paths are resolved from; usually `import.meta.dirname` of the
   * `eslint.config.js`. Default: the current working directory.
   */
  tsconfigRootDir?: string;
  /** Glob patterns of test files, which get relaxed rules. Replaces the defaults when given. */
  testFiles?: readonly string[];
  /**
   * TypeScript files that no tsconfig includes (a root `vitest.config.ts`), given type
   * information by the project service's default project instead of failing to parse:
   * typescript-eslint's `allowDefaultProject` (paths or globs without `**`, at most 8 files).
   */
  allowDefaultProject?: readonly string[];
}

export const typeScriptFiles = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];

export const javaScriptFiles = ["**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"];

export const defaultTestFiles = [
  "**/*.test.{ts,tsx,mts,cts,js,mjs,cjs}",
  "**/*.spec.{ts,tsx,mts,cts,js,mjs,cjs}",
  "**/__tests__/**",
  "**/test/**",
  "**/tests/**",
];
