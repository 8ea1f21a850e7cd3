/** What a command prints and how it ends; commands never exit the process themselves. */
export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The parts of the process a command may look at, so tests can give their own. */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTerminal: boolean;
  /** `git ls-files` of a directory, started before the engine loaded (see bin.ts). */
  prelisted?: { root: string; files: readonly string[] };
}

export function processIo(): Io {
  return { cwd: process.cwd(), env: process.env, stdoutIsTerminal: process.stdout.isTTY };
}
