import type { Linter } from "eslint";

/**
 * Test files trade some strictness for readable arrange/act/assert code: non-null assertions
 * on known fixtures, mock methods passed unbound to `expect`, empty stubs.
 */
export function tests(files: readonly string[], typeChecked: boolean): Linter.Config {
  return {
    name: "paved/tests",
    files: [...files],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-empty-function": "off",
      ...(typeChecked ? { "@typescript-eslint/unbound-method": "off" } : {}),
    },
  };
}
