import type * as Delivery from "@paved/delivery";

/** A lint-staged configuration: glob → command(s). Functions receive the staged file list. */
export type LintStagedConfig = Record<
  string,
  | string
  | ((files: readonly string[]) => string | string[])
  | (string | ((files: readonly string[]) => string | string[]))[]
>;

export interface LintStagedOptions {
  /**
   * Also type-check the whole project on commit with this command, e.g. `"tsc --noEmit"` or
   * `"tsc -b"`. It gets no file list: TypeScript checks a project, not single files.
   * Default: off (CI's typecheck station runs it; a commit stays fast).
   */
  typecheck?: string | false;
  /**
   * Record each run of the hook (its time, from the process's start to its exit, and whether it
   * passed) into `.paved/line-history.jsonl`, which `paved budget` reads beside `paved line`'s
   * runs. Default: off (a preset writes nothing into a repository unasked).
   */
  record?: boolean;
}

export const codeGlob = "*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}";
export const formatOnlyGlob = "*.{json,jsonc,json5,md,mdx,yml,yaml,css,scss,less,html,graphql,gql}";

/** ESLint fixes what it can and fails the commit on anything left, warnings included. */
export const eslintCommand = "eslint --fix --max-warnings=0 --no-warn-ignored";
export const prettierCommand = "prettier --write --ignore-unknown";

/**
 * The Paved pre-commit station for husky + lint-staged. Code files run ESLint then Prettier,
 * in that order; other text files run Prettier only. The two globs are disjoint, so no file is
 * written by two tasks at once.
 *
 * @example
 * // lint-staged.config.js
 * export { default } from "@paved/lint-staged-config";
 */
export function lintStaged(options: LintStagedOptions = {}): LintStagedConfig {
  const code: (string | (() => string))[] = [eslintCommand, prettierCommand];
  const { typecheck } = options;
  if (options.record === true) recordThisRun();
  if (typecheck) {
    code.push(() => typecheck);
  }
  return { [codeGlob]: code, [formatOnlyGlob]: prettierCommand };
}

export default lintStaged();

let recording = false;
let loading: Promise<typeof Delivery> | undefined;
/** The history's writer, loaded once, on first use. */
const delivery = () => (loading ??= import("@paved/delivery"));

/**
 * Records the run of the process that loaded this config (lint-staged's) when it is about to
 * exit. The history's writer loads while lint-staged works, so the hook waits for nothing.
 */
function recordThisRun(): void {
  if (recording) return;
  recording = true;
  delivery().catch(() => undefined);
  process.once("beforeExit", () => {
    const end = performance.timeOrigin + performance.now();
    void recordHookRun(process.cwd(), performance.timeOrigin, end, Number(process.exitCode ?? 0));
  });
}

/**
 * Appends one hook run to DIR's `.paved/line-history.jsonl`. It never throws: a run that cannot
 * be recorded says so in one line on stderr and leaves the hook's exit code alone.
 */
export async function recordHookRun(
  dir: string,
  startMs: number,
  endMs: number,
  exitCode: number,
): Promise<void> {
  try {
    const { appendLineRun, hookRun } = await delivery();
    appendLineRun(dir, hookRun("lint-staged", startMs, endMs, exitCode));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    process.stderr.write(`@paved/lint-staged-config: this run was not recorded (${why}).\n`);
  }
}
