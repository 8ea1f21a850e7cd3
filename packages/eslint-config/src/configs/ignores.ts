import type { Linter } from "eslint";

/** Build output, coverage reports and generated code are not written by people: not linted. */
export const defaultIgnores = [
  "**/dist/**",
  "**/build/**",
  "**/coverage/**",
  "**/generated/**",
  "**/*.generated.*",
  "**/.nx/**",
  "**/.turbo/**",
];

export function ignores(extra: readonly string[] = []): Linter.Config {
  return { name: "paved/ignores", ignores: [...defaultIgnores, ...extra] };
}
