import { run as runCli, type CliResult, type Io } from "./cli.js";
import * as adopt from "@paved/adopt";
import { runAdopt } from "./commands/adopt.js";
import { runBudget } from "./commands/budget.js";
import { runDora } from "./commands/dora.js";
import { runNew } from "./commands/new.js";
import { processIo } from "./io.js";

export { helpText, type CliResult, type Command, type Io } from "./cli.js";

/**
 * Runs the paved command line on an argument list, every command included (and the audit's
 * reports with their fixes); never exits.
 */
export function run(argv: readonly string[], io: Io = processIo()): CliResult {
  return runCli(
    argv,
    { adopt, ...io },
    { new: runNew, dora: runDora, budget: runBudget, adopt: runAdopt },
  );
}
