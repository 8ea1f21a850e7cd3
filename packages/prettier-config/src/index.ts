import type { Config } from "prettier";

/**
 * The Paved format station: a 100-column line, and no trailing commas in JSONC files, which
 * not every JSON-with-comments reader accepts. The rest are Prettier 3's defaults, written out
 * so that a future Prettier changing a default does not reformat every repository at once.
 *
 * @example
 * // package.json
 * { "prettier": "@paved/prettier-config" }
 */
export const config: Config = {
  printWidth: 100,
  tabWidth: 2,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  endOfLine: "lf",
  overrides: [{ files: ["*.jsonc"], options: { trailingComma: "none" } }],
};

export default config;
