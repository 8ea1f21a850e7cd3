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

/** A usage error of one command: exit code 2, the message, and where its help is. */
export function usageError(command: string, message: string): CliResult {
  return {
    exitCode: 2,
    stdout: "",
    stderr: `paved ${command}: ${message}\nRun 'paved ${command} --help' for usage.\n`,
  };
}

export function processIo(): Io {
  return { cwd: process.cwd(), env: process.env, stdoutIsTerminal: process.stdout.isTTY };
}
