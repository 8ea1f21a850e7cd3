import type { Config } from "prettier";

/**
 * The Paved format station. Prettier's defaults, a 100-column line, and Markdown prose left as
 * written so that diffs of docs stay small.
 *
 * @example
 * // package.json
 * { "prettier": "@paved/prettier-config" }
 */
export const config: Config = {
  printWidth: 100,
  trailingComma: "all",
  endOfLine: "lf",
  overrides: [
    { files: ["*.md", "*.mdx"], options: { proseWrap: "preserve" } },
    { files: ["*.jsonc", "tsconfig*.json", ".vscode/*.json"], options: { trailingComma: "none" } },
  ],
};

export default config;
