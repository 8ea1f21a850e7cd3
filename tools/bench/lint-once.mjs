// One lint run in a fresh process, with the Paved preset or with bare typescript-eslint
// strictTypeChecked, over the same files. Used by eslint-preset.mjs; prints problems found.
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import paved from "@paved/eslint-config";

const [which, root, ...patterns] = process.argv.slice(2);
const typeScriptFiles = ["**/*.ts"];

const configs = {
  preset: () => paved({ tsconfigRootDir: root }),
  baseline: () => [
    ...tseslint.configs.strictTypeChecked.map((config) => ({
      ...config,
      files: config.files ?? typeScriptFiles,
    })),
    {
      files: typeScriptFiles,
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    },
  ],
};

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ ignores: ["**/__fixtures__/**", "**/dist/**"] }, ...configs[which]()],
  cache: false,
});
const results = await eslint.lintFiles(patterns);
const problems = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
console.log(JSON.stringify({ which, files: results.length, problems }));
