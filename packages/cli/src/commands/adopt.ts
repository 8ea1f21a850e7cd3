import { resolve } from "node:path";
import {
  AdoptError,
  applyPlan,
  assertClean,
  planAdopt,
  planDiff,
  planSummary,
  runInstall,
  type Applied,
  type Plan,
} from "@paved/adopt";
import { rules, UsageError } from "@paved/conformance";
import { stations } from "@paved/stations";
import { WriteError } from "@paved/fs";
import { commandError, parseCommand, usageError, type CliResult, type Io } from "../io.js";

export const adoptHelp = `Usage: paved adopt [DIR] [options]

Brings a repository onto the paved road: audits DIR, plans the fixes of the failing rules
that have one (grouped by station), shows them as a unified diff, and applies them all or
nothing, keeping comments and formatting. Then audits again and shows which rules now pass.
Nothing of DIR is run, except its package manager with --install.

Options:
  --dry-run          print the plan and its diff; write nothing
  --only ID          fix only this station or rule (repeatable: --only ci --only test/script)
  --owner OWNER      the CODEOWNERS owner (@org/team); default: new.owner in paved.config.json
  --yes              apply without asking (required off a terminal, or with CI set)
  --allow-dirty      apply even when the git working tree has uncommitted changes
  --install          run the package manager's install for the devDependencies the fixes add
  --config FILE      the organisation's paved.config.json, as for paved audit
  -h, --help         print this help

Exit codes: 0 applied (or nothing to do, or a dry run), 1 refused or failed (nothing was
written), 2 for usage errors.
`;

const adoptOptions = {
  "dry-run": { type: "boolean" },
  only: { type: "string", multiple: true },
  owner: { type: "string" },
  yes: { type: "boolean" },
  "allow-dirty": { type: "boolean" },
  install: { type: "boolean" },
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const failure = (message: string): CliResult => ({
  exitCode: 1,
  stdout: "",
  stderr: commandError("adopt", message),
});

/** What changed on re-audit: each planned rule's outcome, and the score. */
function appliedText(plan: Plan, applied: Applied): string {
  const lines = [
    `Applied ${String(plan.fixes.length)} fix(es) to ${String(plan.changes.length)} file(s); score ${String(plan.report.score)} → ${String(applied.report.score)}.`,
  ];
  for (const transition of applied.transitions) {
    const where = transition.project === "." ? "" : ` (${transition.project})`;
    lines.push(`  ${transition.ruleId}${where}: ${transition.before} → ${transition.after}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The plan, the refusal to apply without consent, or the applied result. */
function decide(
  plan: Plan,
  values: { yes?: boolean; "dry-run"?: boolean },
  io: Io,
): CliResult | undefined {
  const summary = planSummary(plan);
  if (plan.changes.length === 0)
    return {
      exitCode: 0,
      stdout: `Nothing to fix.\n${plan.skipped.length > 0 ? summary : ""}`,
      stderr: "",
    };
  if (values["dry-run"] === true)
    return { exitCode: 0, stdout: `${summary}\n${planDiff(plan)}`, stderr: "" };
  if (values.yes !== true) {
    const why =
      io.stdoutIsTerminal && io.env["CI"] === undefined
        ? "confirm the plan, or pass --yes"
        : "not on a terminal (or CI is set): pass --yes to apply, or --dry-run to see the plan";
    return {
      exitCode: 2,
      stdout: `${summary}\n${planDiff(plan)}`,
      stderr: commandError("adopt", why),
    };
  }
  return undefined;
}

export function runAdopt(argv: readonly string[], io: Io): CliResult {
  const outcome = parseCommand("adopt", argv, adoptOptions, adoptHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  if (positionals.length > 1)
    return usageError("adopt", `one directory at a time; got ${positionals.join(", ")}.`);
  if (values.config === "") return usageError("adopt", "--config needs a file path.");
  const known = new Set([
    ...rules.map((rule) => rule.meta.id),
    ...stations.map((station) => station.id),
  ]);
  const unknown = (values.only ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0)
    return usageError(
      "adopt",
      `--only takes a station or a rule id (see docs/rules.md); got ${unknown.join(", ")}.`,
    );
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  try {
    const plan = planAdopt(dir, {
      ...(values.only === undefined ? {} : { only: values.only }),
      ...(values.owner === undefined ? {} : { owner: values.owner }),
      ...(values.config === undefined ? {} : { configPath: resolve(io.cwd, values.config) }),
    });
    const early = decide(plan, values, io);
    if (early) return early;
    if (values["allow-dirty"] !== true) assertClean(plan.root);
    const applied = applyPlan(
      plan,
      values.config === undefined ? {} : { configPath: resolve(io.cwd, values.config) },
    );
    let text = `${planSummary(plan)}\n${appliedText(plan, applied)}`;
    if (plan.install !== undefined && values.install === true) {
      const installed = runInstall(plan.root, plan.install);
      if (!installed.ok)
        return failure(
          `the fixes were applied, but \`${plan.install}\` failed; run it yourself:\n${installed.output.trim().split("\n").slice(-5).join("\n")}`,
        );
      text += `Ran \`${plan.install}\`.\n`;
    }
    return { exitCode: 0, stdout: text, stderr: "" };
  } catch (error) {
    if (error instanceof UsageError) return usageError("adopt", error.message);
    if (error instanceof AdoptError || error instanceof WriteError) return failure(error.message);
    throw error;
  }
}
