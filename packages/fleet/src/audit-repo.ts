import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fixableKeys } from "@paved/adopt/fixable";
import { audit, renderJson, UsageError, type Report } from "@paved/conformance";
import { checkoutBare, headCommit } from "./checkout.js";
import { entryOf, type Entry, type RunInfo } from "./entry.js";
import type { RepoSource } from "./repos.js";
import { teamOf } from "./teams.js";

export interface AuditRepoOptions extends RunInfo {
  /** Where bare repositories are checked out, each in its own temporary directory. */
  scratch: string;
  /** The organisation's paved.config.json, as `paved audit --config` takes it. */
  configPath?: string;
  /** Repository id → team, from the fleet config. */
  teams?: Readonly<Record<string, string>>;
  /** The report's file name inside the fleet directory's `reports/`. */
  reportFile: string;
}

/** The audit `paved audit DIR --format json` runs: the repository's own baseline when it has one. */
function auditLikeTheCli(dir: string, configPath: string | undefined): Report {
  const baseline = join(dir, "paved.baseline.json");
  return audit(dir, {
    ...(configPath === undefined ? {} : { configPath }),
    ...(existsSync(baseline) ? { baselinePath: baseline } : {}),
  });
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Where the repository's files are: itself, or a temporary checkout of a bare repository. */
function workTree(
  source: RepoSource,
  scratch: string,
): { dir: string; temporary: boolean } | { error: string } {
  let stat;
  try {
    stat = statSync(source.path, { throwIfNoEntry: false });
  } catch (error) {
    return {
      error: `${source.path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? message(error)})`,
    };
  }
  if (stat === undefined) return { error: `${source.path}: no such directory` };
  if (!stat.isDirectory()) return { error: `${source.path}: not a directory` };
  if (source.kind === "checkout") return { dir: source.path, temporary: false };
  const checkout = checkoutBare(source.path, scratch);
  return "error" in checkout ? checkout : { dir: checkout.dir, temporary: true };
}

/**
 * Audits one repository of the fleet: its history entry and, when the audit ran, the exact JSON
 * `paved audit` writes for it. Anything that goes wrong is the entry's error, never a throw.
 */
export function auditRepo(
  source: RepoSource,
  options: AuditRepoOptions,
): { entry: Entry; json?: string } {
  const started = performance.now();
  const base = {
    schemaVersion: 1 as const,
    run: options.run,
    time: options.time,
    repo: source.id,
    source: source.kind,
  };
  const failed = (error: string): { entry: Entry } => ({
    entry: { ...base, durationMs: Math.round(performance.now() - started), ok: false, error },
  });
  const tree = workTree(source, options.scratch);
  if ("error" in tree) return failed(tree.error);
  try {
    const report = auditLikeTheCli(tree.dir, options.configPath);
    const commit = existsSync(join(tree.dir, ".git")) ? headCommit(tree.dir) : undefined;
    const team = teamOf(tree.dir, source.id, options.teams);
    const entry = entryOf(report, {
      ...base,
      durationMs: Math.round(performance.now() - started),
      report: `reports/${options.reportFile}`,
      ...(commit === undefined ? {} : { commit }),
      ...(team === undefined ? {} : { team }),
    });
    return { entry, json: renderJson(report, fixableKeys(report)) };
  } catch (error) {
    return failed(
      error instanceof UsageError ? message(error) : `the audit failed: ${message(error)}`,
    );
  } finally {
    if (tree.temporary) rmSync(tree.dir, { recursive: true, force: true });
  }
}
