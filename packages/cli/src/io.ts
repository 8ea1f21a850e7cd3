import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import type { findingFixes, planAdopt } from "@paved/adopt";
import { terminalText } from "@paved/conformance";
import type { GitListing } from "@paved/facts/listing";
import type { Prehistory } from "./history-prefetch.js";

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
  /**
   * The adopt engine, where it is loaded (bin.ts loads it for JSON and SARIF audits): the
   * reports then say which failures `paved adopt` fixes, and SARIF carries the fixes.
   */
  adopt?: { planAdopt: typeof planAdopt; findingFixes: typeof findingFixes };
  /** `git ls-files` of a directory, started before the engine loaded (see bin.ts). */
  prelisted?: { root: string; listing: GitListing };
  /** The history's git output for the four keys, started beside the listing (see bin.ts). */
  prehistory?: { root: string; history: Prehistory };
}

/** A usage error of one command: exit code 2, the message, and where its help is. */
export function usageError(command: string, message: string): CliResult {
  return { exitCode: 2, stdout: "", stderr: commandError(command, message, true) };
}

/**
 * One line of stderr for a command's error. The message may quote a repository's files (a config
 * key, a baseline's text, an owner), so it is shown through terminalText: no escape reaches the
 * terminal.
 */
export function commandError(command: string, message: string, help = false): string {
  const usage = help ? `Run 'paved ${command} --help' for usage.\n` : "";
  return `paved ${command}: ${terminalText(message)}\n${usage}`;
}

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/**
 * A command's arguments, parsed strictly against its options; or what the command returns
 * instead: its help for `--help`, a usage error (exit 2) for an unknown or malformed option.
 */
export function parseCommand<const O extends ParseArgsOptionsConfig>(
  command: string,
  argv: readonly string[],
  options: O,
  help: string,
): { parsed: Parsed<O> } | { result: CliResult } {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    return {
      result: usageError(command, error instanceof Error ? error.message : String(error)),
    };
  }
  if ((parsed.values as { help?: unknown }).help === true)
    return { result: { exitCode: 0, stdout: help, stderr: "" } };
  return { parsed };
}

/** Whether an option's value, when given, is one of its choices. */
export function isOneOf<const C extends string>(
  value: string | undefined,
  choices: readonly C[],
): value is C | undefined {
  return value === undefined || (choices as readonly string[]).includes(value);
}

/** The usage message for an option whose value is not one of its choices. */
export function mustBe(
  flag: string,
  choices: readonly string[],
  value: string | undefined,
): string {
  const list = choices.length === 2 ? choices.join(" or ") : `one of ${choices.join(", ")}`;
  return `--${flag} must be ${list}; got '${value ?? ""}'.`;
}

export function processIo(): Io {
  return { cwd: process.cwd(), env: process.env, stdoutIsTerminal: process.stdout.isTTY };
}
