import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface PackageManifest {
  version: string;
  description: string;
}

function manifest(): PackageManifest {
  return JSON.parse(
    readFileSync(new URL("../package.json", import.meta.url), "utf8"),
  ) as PackageManifest;
}

export function helpText(): string {
  return [
    "paved — the paved road for Node.js repositories",
    "",
    "Usage: paved [options]",
    "",
    "Options:",
    "  -v, --version  print the version and exit",
    "  -h, --help     print this help and exit",
    "",
    "Commands arrive with the next releases: audit, new, adopt, ci.",
    "Docs: docs/getting-started.md",
    "",
  ].join("\n");
}

/** Runs the CLI on an argument list and returns what it prints; it never exits the process. */
export function run(argv: readonly string[]): CliResult {
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
    return { exitCode: 0, stdout: `${manifest().version}\n`, stderr: "" };
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
