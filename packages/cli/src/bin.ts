// The bundle's entry, loaded by dist/paved.cjs once the Node.js version is known to be new
// enough (scripts/paved.cjs).
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { combineListings, startGitListing, type GitListing } from "@paved/facts/listing";
import type { Command } from "./cli.js";
import { enableOwnCompileCache } from "./compile-cache.js";
import { startHistory } from "./history-prefetch.js";
import type { CliResult, Io } from "./io.js";
import { compiledEagerly, tuneForShortRun } from "./v8-tuning.js";

// Before the engine (./cli.js, imported below) is compiled. This module imports nothing else of
// paved's statically (the listing needs only Node's own modules), so that git starts before
// the bundle's big chunk is even loaded: on a 7,500-file checkout that moves git's start from
// about 28 ms to about 12 ms after Node's, and the audit no longer waits for git at the end.
// V8's flags come first: they are part of the compile cache's key.
tuneForShortRun();
enableOwnCompileCache();

let argv = process.argv.slice(2);

/** The directory `paved audit` will index, if this is an audit: its listing can start now. */
function auditedDirectory(): string | undefined {
  if (argv[0] !== "audit" || argv.includes("--help") || argv.includes("-h")) return undefined;
  const withValue = new Set(["--format", "--output", "--min-score", "--config", "--baseline"]);
  let dir: string | undefined;
  for (let i = 1; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (withValue.has(arg)) i += 1;
    else if (!arg.startsWith("-")) dir ??= arg;
  }
  const root = resolve(process.cwd(), dir ?? ".");
  try {
    return statSync(root).isDirectory() ? root : undefined;
  } catch {
    return undefined;
  }
}

/** Options with which an audit writes files: such an audit must run exactly once. */
const writes = (arg: string): boolean =>
  arg === "--update-baseline" || arg === "--output" || arg.startsWith("--output=");

/**
 * git lists the files while Node loads the engine. The audit starts on the tracked files as
 * soon as git gives them, while git scans the working tree for untracked files and for tracked
 * ones deleted from it; if the scan finds any, the audit runs again on the whole listing, so
 * the result is always that of the whole listing. An audit that writes files waits for the
 * whole listing instead.
 */
async function audited(
  run: (argv: readonly string[], io: Io) => CliResult,
  given: Io,
): Promise<CliResult> {
  if (root === undefined || listing === undefined) return run(argv, given);
  const history = await prehistory;
  const io: Io = history === undefined ? given : { ...given, prehistory: { root, history } };
  const { tracked: trackedListing, untracked: untrackedListing } = listing;
  const withListing = (prelisted: GitListing): Io => ({
    ...io,
    prelisted: { root, listing: prelisted },
  });
  const tracked = await trackedListing;
  // Not a checkout: the audit lists the directory itself. A checkout git could not list is
  // walked, with the reason, and git is not tried again.
  if (tracked === undefined) return run(argv, io);
  if (!tracked.ok) return run(argv, withListing(tracked));
  const early = argv.some(writes) ? undefined : run(argv, withListing(tracked));
  const untracked = await untrackedListing;
  if (untracked === undefined) return run(argv, io);
  const unchanged =
    untracked.ok &&
    untracked.files.length === 0 &&
    untracked.deleted.length === 0 &&
    untracked.problems.length === 0;
  if (early !== undefined && unchanged) return early;
  return run(argv, withListing(combineListings(tracked, untracked)));
}

// A reader that stops early (`paved audit | head`) closes the pipe: the audit itself went well.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit();
  process.stderr.write(`paved: cannot write the output (${error.code ?? error.message})\n`);
  process.exit(74);
});

const root = auditedDirectory();
const listing = root === undefined ? undefined : startGitListing(root);
// The four keys' history, beside the listing: its git need not wait for the engine either.
const prehistory = root === undefined ? undefined : startHistory(root);
const { run } = await compiledEagerly(() => import("./cli.js"));

// `paved new` brings its templates only when it runs; on a terminal it asks for what the
// command line left out, elsewhere it never waits.
const more: Record<string, Command> = {};
if (argv[0] === "new") more["new"] = (await import("./commands/new.js")).runNew;
if (argv[0] === "dora") more["dora"] = (await import("./commands/dora.js")).runDora;
if (argv[0] === "budget") more["budget"] = (await import("./commands/budget.js")).runBudget;
if (argv[0] === "adopt") {
  const { runAdopt } = await import("./commands/adopt.js");
  more["adopt"] = runAdopt;
  // On a terminal, the plan is shown and confirmed once; elsewhere --yes is required.
  const asks = !["--yes", "--dry-run", "--help", "-h"].some((flag) => argv.includes(flag));
  if (asks && process.stdin.isTTY && process.stdout.isTTY && process.env["CI"] === undefined) {
    const { processIo } = await import("./io.js");
    const shown = runAdopt([...argv.slice(1), "--dry-run"], processIo());
    process.stdout.write(shown.stdout);
    process.stderr.write(shown.stderr);
    if (shown.exitCode !== 0 || shown.stdout.startsWith("Nothing to fix."))
      process.exit(shown.exitCode);
    const { confirm } = await import("@inquirer/prompts");
    const yes = await confirm({ message: "Apply this plan?", default: false }).catch(() => false);
    if (!yes) {
      process.stderr.write("paved adopt: nothing was written.\n");
      process.exit(1);
    }
    argv = [...argv, "--yes"];
  }
}
if (argv[0] === "new" && process.stdin.isTTY && process.stdout.isTTY) {
  const { terminalAsker, withAnswers } = await import("./commands/new-prompts.js");
  const { processIo } = await import("./io.js");
  const asker = await terminalAsker();
  try {
    argv = ["new", ...(await withAnswers(argv.slice(1), processIo(), asker))];
  } catch (error) {
    // Ctrl-C at a question: nothing was written.
    if (error instanceof Error && error.name === "ExitPromptError") {
      process.stderr.write("paved new: cancelled; nothing was written.\n");
      process.exit(130);
    }
    throw error;
  } finally {
    asker.close?.();
  }
}

// The asynchronous commands: `paved line` runs the repository's stations as child processes,
// `paved fleet` audits on worker threads, `paved telemetry tail` prints what it receives until
// Ctrl-C.
const line =
  argv[0] === "line"
    ? (await import("./commands/line.js")).runLineCommand
    : argv[0] === "fleet"
      ? (await import("./commands/fleet.js")).runFleet
      : undefined;
const telemetry =
  argv[0] === "telemetry"
    ? (await import("./commands/telemetry.js")).runTelemetryCommand
    : undefined;

/** `paved telemetry tail` until SIGINT or SIGTERM, printing as it receives. */
function tail(command: NonNullable<typeof telemetry>, args: readonly string[]) {
  const stopped = new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  const write = (text: string) => process.stdout.write(text);
  const note = (text: string) => process.stderr.write(text);
  return command(args, { write, note, stopped });
}

/** `--format sarif`: the report carries the fixes `paved adopt` would make. */
const sarifReport =
  argv[0] === "audit" &&
  argv.some(
    (arg, i) => arg === "--format=sarif" || (arg === "--format" && argv[i + 1] === "sarif"),
  );
const adopt = sarifReport ? await import("@paved/adopt") : undefined;

try {
  const io = {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTerminal: process.stdout.isTTY,
    ...(adopt === undefined ? {} : { adopt }),
  };
  const result =
    telemetry !== undefined
      ? await tail(telemetry, argv.slice(1))
      : line === undefined
        ? await audited((args, commandIo) => run(args, commandIo, more), io)
        : await line(argv.slice(1), io);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
} catch (error) {
  // A bug of paved, not of the user's input: one clear line, no stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `paved: unexpected error: ${message}\nThis is a bug in paved; please report it with the command you ran.\n`,
  );
  process.exitCode = 70;
}
