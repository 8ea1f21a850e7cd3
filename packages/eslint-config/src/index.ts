import type { Linter } from "eslint";
import { ignores } from "./configs/ignores.js";
import { javascript } from "./configs/javascript.js";
import { tests } from "./configs/tests.js";
import { typescript } from "./configs/typescript.js";
import { defaultTestFiles, type PavedOptions } from "./options.js";

export type { PavedOptions } from "./options.js";
export { defaultIgnores } from "./configs/ignores.js";

type UserConfig = Linter.Config | readonly Linter.Config[];

/**
 * The Paved lint station: returns a flat-config array for `eslint.config.js`.
 * User configs come last, so they can override anything the preset sets.
 *
 * @example
 * // eslint.config.js
 * import paved from "@paved/eslint-config";
 * export default paved({ tsconfigRootDir: import.meta.dirname });
 */
export function paved(options: PavedOptions = {}, ...userConfigs: UserConfig[]): Linter.Config[] {
  const typeChecked = options.typeChecked ?? true;
  return [
    ignores(options.ignores),
    ...javascript(),
    ...typescript({
      typeChecked,
      tsconfigRootDir: options.tsconfigRootDir ?? process.cwd(),
      allowDefaultProject: options.allowDefaultProject,
    }),
    tests(options.testFiles ?? defaultTestFiles, typeChecked),
    ...userConfigs.flat(),
  ];
}

export default paved;
