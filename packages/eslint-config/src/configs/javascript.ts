import js from "@eslint/js";
import type { Linter } from "eslint";
import globals from "globals";

/** ESLint's recommended rules for every file, with Node.js 24 globals and modern syntax. */
export function javascript(): Linter.Config[] {
  return [
    { name: "paved/javascript/recommended", ...js.configs.recommended },
    {
      name: "paved/javascript/node",
      languageOptions: {
        ecmaVersion: "latest",
        sourceType: "module",
        globals: { ...globals.node, ...globals.es2024 },
      },
      linterOptions: { reportUnusedDisableDirectives: "error" },
      rules: {
        eqeqeq: ["error", "smart"],
        "no-console": "off",
        "object-shorthand": "error",
        "prefer-template": "error",
      },
    },
    {
      name: "paved/javascript/commonjs",
      files: ["**/*.cjs"],
      languageOptions: { sourceType: "commonjs", globals: globals.commonjs },
    },
  ];
}
