import type { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { javaScriptFiles, typeScriptFiles } from "../options.js";

interface TypeScriptOptions {
  typeChecked: boolean;
  tsconfigRootDir: string;
  allowDefaultProject?: readonly string[] | undefined;
}

/** Applies typescript-eslint's shared configs to TypeScript files only. */
function forTypeScript(configs: readonly unknown[]): Linter.Config[] {
  return (configs as Linter.Config[]).map((config) => ({
    ...config,
    files: config.files ?? typeScriptFiles,
  }));
}

/**
 * typescript-eslint strict and stylistic sets. Type-checked by default through the project
 * service, which finds each file's tsconfig.json the way the editor does.
 */
export function typescript({
  typeChecked,
  tsconfigRootDir,
  allowDefaultProject,
}: TypeScriptOptions): Linter.Config[] {
  if (!typeChecked) {
    return [
      ...forTypeScript(tseslint.configs.strict),
      ...forTypeScript(tseslint.configs.stylistic),
      { name: "paved/typescript/rules", files: typeScriptFiles, rules: typeScriptRules },
    ];
  }
  return [
    ...forTypeScript(tseslint.configs.strictTypeChecked),
    ...forTypeScript(tseslint.configs.stylisticTypeChecked),
    {
      name: "paved/typescript/project-service",
      files: typeScriptFiles,
      languageOptions: {
        parserOptions: {
          // Files no tsconfig includes get the default project, where the repository says so.
          projectService:
            allowDefaultProject === undefined || allowDefaultProject.length === 0
              ? true
              : { allowDefaultProject: [...allowDefaultProject] },
          tsconfigRootDir,
        },
      },
      rules: {
        ...typeScriptRules,
        // Numbers and booleans print fine in templates; `${object}` is the bug worth catching.
        "@typescript-eslint/restrict-template-expressions": [
          "error",
          {
            allowNumber: true,
            allowBoolean: true,
            allowAny: false,
            allowNullish: false,
            allowRegExp: false,
          },
        ],
      },
    },
    {
      // Plain JavaScript files are not in a tsconfig: lint them without type information.
      name: "paved/typescript/javascript-untyped",
      ...(tseslint.configs.disableTypeChecked as Linter.Config),
      files: javaScriptFiles,
    },
  ];
}

const typeScriptRules: Linter.RulesRecord = {
  "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
  "@typescript-eslint/no-import-type-side-effects": "error",
  "@typescript-eslint/no-unused-vars": [
    "error",
    {
      argsIgnorePattern: "^_",
      varsIgnorePattern: "^_",
      caughtErrors: "all",
      ignoreRestSiblings: true,
    },
  ],
};
