import { parseArgs } from "node:util";
import { auditHelp, runAudit } from "./commands/audit.js";
import { runNew } from "./commands/new.js";
import { processIo, type CliResult, type Io } from "./io.js";
import { packageInfo } from "./version.js";

export type { CliResult, Io } from "./io.js";
export { auditHelp };

const commands: Record<string, (argv: readonly string[], io: Io) => CliResult> = {
  audit: runAudit,
  new: runNew,
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
    "",
    "Options:",
    "  -v, --version  print the version and exit",
    "  -h, --help     print this help and exit",
    "",
    "More commands arrive with the next releases: adopt, ci.",
    "Docs: docs/getting-started.md",
    "",
  ].join("\n");
}

/** Runs the CLI on an argument list and returns what it prints; it never exits the process. */
export function run(argv: readonly string[], io: Io = processIo()): CliResult {
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
