import { parseArgs } from "node:util";
import { auditHelp, runAudit } from "./commands/audit.js";
import { runCi } from "./commands/ci.js";
import { processIo, type CliResult, type Io } from "./io.js";
import { packageInfo } from "./version.js";

export type { CliResult, Io } from "./io.js";
export { auditHelp };

/** A command: arguments in, what to print and the exit code out. */
export type Command = (argv: readonly string[], io: Io) => CliResult;

/**
 * Commands always loaded. `new` (with its template engine and templates) is loaded only when it
 * runs: bin.ts imports it for `paved new`, index.ts for programmatic use; `paved audit` never
 * pays for it.
 */
const builtIn: Record<string, Command> = {
  audit: runAudit,
  ci: runCi,
};

export function helpText(): string {
  return [
    "paved — the paved road for Node.js repositories",
    "",
    "Usage: paved <command> [options]",
    "",
    "Commands:",
    "  new KIND NAME  scaffold a service, library or repository with every station wired",
    "                 (paved new --help)",
    "  audit [DIR]    audit a repository against the paved road (paved audit --help)",
    "  adopt [DIR]    fix what the audit finds, as a reviewable plan (paved adopt --help)",
    "  ci [DIR]       write or check the hardened CI pipeline (paved ci --help)",
    "  dora [DIR]     DORA's four keys from the git history alone (paved dora --help)",
    "  line [DIR]     run your repository's own line, station by station, timed (paved line --help)",
    "  budget [DIR]   each station's cost against what it catches (paved budget --help)",
    "  fleet audit|merge|report  audit many repositories, keep their history, render a",
    "                 dashboard (paved fleet --help)",
    "  telemetry tail print a local service's spans, metrics and logs as they arrive",
    "                 (paved telemetry --help)",
    "",
    "Options:",
    "  -v, --version  print the version and exit",
    "  -h, --help     print this help and exit",
    "",
    `Docs: ${packageInfo().homepage}`,
    "",
  ].join("\n");
}

/** Runs the CLI on an argument list and returns what it prints; it never exits the process. */
export function run(
  argv: readonly string[],
  io: Io = processIo(),
  more: Readonly<Record<string, Command>> = {},
): CliResult {
  const commands = { ...builtIn, ...more };
  const [first, ...rest] = argv;
  const command = first === undefined ? undefined : commands[first];
  if (command) return command(rest, io);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { version: { type: "boolean", short: "v" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { exitCode: 2, stdout: "", stderr: `paved: ${reason}\nRun 'paved --help' for usage.\n` };
  }
  const { values, positionals } = parsed;
  if (values.version) {
    return { exitCode: 0, stdout: `${packageInfo().version}\n`, stderr: "" };
  }
  if (values.help || positionals.length === 0) {
    return { exitCode: 0, stdout: helpText(), stderr: "" };
  }
  return {
    exitCode: 2,
    stdout: "",
    stderr: `paved: unknown command '${positionals[0] ?? ""}'.\nRun 'paved --help' for the commands this version has.\n`,
  };
}
