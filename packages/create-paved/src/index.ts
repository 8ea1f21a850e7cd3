import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const createHelp = `Usage: npm create paved [NAME] [-- options]
       pnpm create paved [NAME] [options]
       yarn create paved [NAME] [options]

Writes a new repository on the paved road: it runs \`paved new repo NAME\` with the options
given, and on a terminal asks for what they leave out (the name, what it does, the owning team
and the npm scope). --yes never asks. The options are those of paved new:
`;

/** The arguments `paved` runs with: `create-paved NAME --flag` is `paved new repo NAME --flag`. */
export function pavedArguments(argv: readonly string[]): string[] {
  return ["new", "repo", ...argv];
}

/** The `paved` command line this package depends on: its bin, as its manifest names it. */
export function pavedBin(): string {
  const manifestPath = createRequire(import.meta.url).resolve("paved/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.["paved"];
  if (bin === undefined) throw new Error(`${manifestPath} names no "paved" bin; reinstall paved.`);
  return join(dirname(manifestPath), bin);
}

/**
 * Runs `paved new repo` in this process's directory, on this terminal (its questions are
 * paved's own), and returns its exit code.
 */
export function createPaved(argv: readonly string[]): number {
  const help = argv.includes("--help") || argv.includes("-h");
  if (help) process.stdout.write(createHelp);
  const run = spawnSync(process.execPath, [pavedBin(), ...pavedArguments(argv)], {
    stdio: "inherit",
  });
  return exitCodeOf(run);
}

/** How `paved`'s run ends this process: its own code, or the shell's 128 + signal. */
export function exitCodeOf(run: {
  error?: Error;
  signal: NodeJS.Signals | null;
  status: number | null;
}): number {
  if (run.error) {
    process.stderr.write(`create-paved: cannot run paved (${run.error.message}).\n`);
    return 1;
  }
  // Interrupted (Ctrl-C): the shell's convention, 128 + the signal.
  if (run.signal !== null) return run.signal === "SIGINT" ? 130 : 143;
  return run.status ?? 1;
}
