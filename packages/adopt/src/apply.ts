import { spawnSync } from "node:child_process";
import { audit, type Finding, type Report } from "@paved/conformance";
import { writeFiles, type WriterFs } from "@paved/fs";
import { changedPaths } from "./git.js";
import type { Plan, PlanOptions } from "./plan.js";

/** Why adopt will not write: a dirty tree, a write that failed. The message says what to do. */
export class AdoptError extends Error {
  override name = "AdoptError";
}

/**
 * Refuses a working tree with changes (or one git cannot read): the plan's edits must be the
 * only changes, so that `git diff` shows them and `git checkout .` takes them back. git runs
 * with the audit's neutralised configuration, and none of the tree's filters run (git.ts).
 */
export function assertClean(root: string): void {
  const changed = changedPaths(root);
  if (!changed.ok)
    throw new AdoptError(
      `${root} is not a git checkout git can read (${changed.problem}): adopt needs git to keep its edits reviewable. Commit the repository first, or pass --allow-dirty.`,
    );
  const dirty = changed.paths;
  if (dirty.length > 0)
    throw new AdoptError(
      `${root} has uncommitted changes (${dirty.slice(0, 3).join(", ")}${dirty.length > 3 ? ", …" : ""}): commit or stash them so the plan's edits stand alone, or pass --allow-dirty.`,
    );
}

/** A rule on a project whose verdict the fix changed, for the report. */
export interface Transition {
  ruleId: string;
  project: string;
  before: Finding["outcome"];
  after: Finding["outcome"];
}

export interface Applied {
  report: Report;
  /** Each planned rule's outcome after the fix: `pass` where it worked. */
  transitions: Transition[];
}

/** The worst outcome of a rule on a project (a rule may give several verdicts). */
function outcomeOf(report: Report, ruleId: string, project: string): Finding["outcome"] {
  const found = report.findings.filter(
    (finding) => finding.ruleId === ruleId && finding.project === project,
  );
  const order: Finding["outcome"][] = ["fail", "not-evaluated", "pass", "not-applicable"];
  return (
    order.find((outcome) => found.some((finding) => finding.outcome === outcome)) ??
    "not-applicable"
  );
}

/**
 * Writes the plan all or nothing through the contained writer (no link followed, every file
 * replaced by rename, everything undone on a failure), then audits again.
 */
export function applyPlan(
  plan: Plan,
  options: Pick<PlanOptions, "configPath" | "today"> & { fs?: WriterFs } = {},
): Applied {
  const contents = new Map(plan.changes.map((change) => [change.path, change.after]));
  const existing = new Set(
    plan.changes.filter((change) => change.before !== undefined).map((change) => change.path),
  );
  writeFiles(plan.root, contents, {
    overwrite: (path) => existing.has(path),
    ...(options.fs ? { fs: options.fs } : {}),
  });
  const report = audit(plan.root, {
    ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
    ...(options.today === undefined ? {} : { today: options.today }),
  });
  const transitions = plan.fixes.map((fix) => ({
    ruleId: fix.ruleId,
    project: fix.project,
    before: "fail" as const,
    after: outcomeOf(report, fix.ruleId, fix.project),
  }));
  return { report, transitions };
}

/**
 * Runs the package manager's install in the repository: the one step that executes anything
 * of it (its install scripts), and only when asked (`--install`).
 */
export function runInstall(root: string, command: string): { ok: boolean; output: string } {
  const [tool = "npm", ...args] = command.split(" ");
  const result = spawnSync(tool, args, { cwd: root, encoding: "utf8", timeout: 15 * 60_000 });
  return {
    ok: result.status === 0,
    output: `${result.stdout}${result.stderr}${result.error ? result.error.message : ""}`,
  };
}
