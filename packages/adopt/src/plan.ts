import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import {
  auditIndex,
  discoverProjects,
  indexDirectory,
  type AuditOptions,
  fixKey,
  type Finding,
  type FindingFix,
  type Project,
  type RepoIndex,
  type Report,
  UsageError,
} from "@paved/conformance";
import { detectPackageManager, type StationId } from "@paved/stations";
import { EditError } from "./edit/error.js";
import { addDevDependencies, type Fixer } from "./fix.js";
import { fixers } from "./fixes/all.js";
import { Workspace } from "./workspace.js";

/** One fix in the plan: which rule on which project, how, and the files it edits. */
export interface PlannedFix {
  ruleId: string;
  station: StationId;
  project: string;
  how: string;
  paths: string[];
}

/** A failing rule that has a fix, which could not be made safely here, and why. */
export interface SkippedFix {
  ruleId: string;
  station: StationId;
  project: string;
  reason: string;
}

export interface Plan {
  root: string;
  report: Report;
  fixes: PlannedFix[];
  skipped: SkippedFix[];
  /** Every file the plan writes: its content before (undefined: created) and after. */
  changes: { path: string; before: string | undefined; after: string }[];
  /** devDependencies the fixes add, which need an install. */
  devDependencies: string[];
  /** The one command that installs them (`pnpm install`), when any were added. */
  install?: string;
}

export interface PlanOptions extends Pick<
  AuditOptions,
  "configPath" | "gitFiles" | "today" | "baselinePath"
> {
  /** Stations or rule ids to fix; all when empty. */
  only?: readonly string[];
  /** The CODEOWNERS owner; else `new.owner` of the repository's paved.config.json. */
  owner?: string;
}

/** The fixes of a plan as the reports carry them: by `fixKey(ruleId, project)`. */
export function findingFixes(plan: Plan): Map<string, FindingFix> {
  const changes = new Map(plan.changes.map((change) => [change.path, change]));
  return new Map(
    plan.fixes.map((fix) => [
      fixKey(fix.ruleId, fix.project),
      {
        description: fix.how,
        changes: fix.paths.flatMap((path) => changes.get(path) ?? []),
      },
    ]),
  );
}

/** The owner `paved new` would use, from the repository's paved.config.json. */
function configuredOwner(index: RepoIndex): string | undefined {
  const config = index.has("paved.config.json") ? index.json("paved.config.json") : undefined;
  const owner = config?.ok
    ? (config.value as { new?: { owner?: unknown } } | null)?.new?.owner
    : undefined;
  return typeof owner === "string" ? owner : undefined;
}

const selected = (only: readonly string[], finding: Finding): boolean =>
  only.length === 0 || only.includes(finding.ruleId) || only.includes(finding.station);

/** Failing, unwaived findings of fixable rules, grouped by rule and project in fix order. */
function work(report: Report, only: readonly string[]) {
  const failing = report.findings.filter(
    (finding) => finding.outcome === "fail" && !finding.waiver && selected(only, finding),
  );
  return fixers.flatMap((fixer) => {
    const mine = failing.filter((finding) => finding.ruleId === fixer.ruleId);
    const projects = [...new Set(mine.map((finding) => finding.project))];
    return projects.map((project) => ({
      fixer,
      project,
      findings: mine.filter((finding) => finding.project === project),
    }));
  });
}

/**
 * Plans the fixes for a repository: audits it, then runs each fixable rule's fix over an
 * in-memory view of the files. Reads only; nothing of the repository is run.
 */
export function planAdopt(dir: string, options: PlanOptions = {}): Plan {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`${dir}: no such directory. Pass the path of a repository to adopt.`);
  const index = indexDirectory(root, options);
  const report = auditIndex(index, root, options);
  return planFromReport(index, report, options);
}

export function planFromReport(index: RepoIndex, report: Report, options: PlanOptions = {}): Plan {
  const files = new Workspace(index);
  const projects = discoverProjects(index);
  const manager = detectPackageManager(projects[0]?.manifest, (path) => index.has(path));
  const owner = options.owner ?? configuredOwner(index);
  const fixes: PlannedFix[] = [];
  const skipped: SkippedFix[] = [];
  const wanted = new Set<string>();
  for (const { fixer, project, findings } of work(report, options.only ?? [])) {
    const target = projects.find((candidate) => (candidate.dir || ".") === project);
    const station = findings[0]?.station ?? "runtime";
    if (!target) continue;
    const outcome = attempt(fixer, files, {
      target,
      projects,
      findings,
      manager,
      owner,
      needs: (names) => {
        for (const name of names) wanted.add(name);
      },
    });
    if (typeof outcome === "string")
      skipped.push({ ruleId: fixer.ruleId, station, project, reason: outcome });
    else if (outcome.length > 0)
      fixes.push({ ruleId: fixer.ruleId, station, project, how: fixer.how, paths: outcome });
  }
  const devDependencies = [...wanted].sort();
  return {
    root: report.target.path,
    report,
    fixes,
    skipped,
    changes: files.changes(),
    devDependencies,
    ...(devDependencies.length > 0 ? { install: `${manager.manager.id} install` } : {}),
  };
}

interface Attempt {
  target: Project;
  projects: readonly Project[];
  findings: readonly Finding[];
  manager: ReturnType<typeof detectPackageManager>;
  owner: string | undefined;
  needs: (names: readonly string[]) => void;
}

/** Runs one fix; the paths it changed, or why it could not be made (its edits undone). */
function attempt(fixer: Fixer, files: Workspace, context: Attempt): string[] | string {
  const before = files.snapshot();
  const needed: string[] = [];
  try {
    fixer.fix({
      files,
      index: files.index,
      project: context.target,
      projects: context.projects,
      findings: context.findings,
      manager: context.manager,
      owner: context.owner,
      needs: (names) => needed.push(...names),
    });
  } catch (error) {
    files.restore(before);
    if (error instanceof EditError) return error.message;
    throw error;
  }
  context.needs(needed);
  // Written at once, so that later fixes (scripts, CI steps) see the tools as present.
  if (needed.length > 0 && files.has("package.json"))
    files.edit("package.json", (text) => addDevDependencies(text, "package.json", needed));
  const after = files.snapshot();
  const paths = [...after.keys()].filter((path) => after.get(path) !== before.get(path));
  return paths;
}
