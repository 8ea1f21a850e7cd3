import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { check, type CheckOptions } from "./check.js";
import type { Finding, Project } from "./model.js";
import { discoverProjects } from "./repo/projects.js";
import { indexDirectory, type IndexOptions, type RepoIndex } from "./repo/repo-index.js";
import { rules as allRules } from "./rules/all.js";
import type { Rule } from "./rules/define.js";
import { score, type BlindSpot, type StationResult } from "./score.js";
import { toolVersion } from "./version.js";

export const reportSchemaVersion = 1;

/** The audit's result: what every reporter renders. Its JSON form is documented in docs/audit-report.md. */
export interface Report {
  schemaVersion: typeof reportSchemaVersion;
  tool: { name: "paved"; version: string };
  target: {
    path: string;
    /** How files were listed: `git ls-files`, or a gitignore-aware walk outside git checkouts. */
    method: "git" | "walk" | "memory";
    files: number;
    projects: { dir: string; name: string; kinds: string[] }[];
  };
  score: number;
  coverage: number;
  stations: StationResult[];
  findings: Finding[];
  blindSpots: BlindSpot[];
  /** Problems met while indexing (unreadable directories, file caps), each naming its path. */
  problems: string[];
}

/** A problem with what the user asked for (missing directory, bad config): exit code 2. */
export class UsageError extends Error {}

export interface AuditOptions extends IndexOptions, CheckOptions {
  rules?: readonly Rule[];
}

export function auditIndex(index: RepoIndex, path: string, options: AuditOptions = {}): Report {
  const projects: Project[] = discoverProjects(index);
  const findings = check(index, projects, options.rules ?? allRules, options);
  const scored = score(findings);
  return {
    schemaVersion: reportSchemaVersion,
    tool: { name: "paved", version: toolVersion() },
    target: {
      path,
      method: index.method,
      files: index.files.length,
      projects: projects.map((project) => ({
        dir: project.dir === "" ? "." : project.dir,
        name: project.name,
        kinds: [...project.kinds],
      })),
    },
    score: scored.score,
    coverage: Math.round(scored.coverage * 1000) / 1000,
    stations: scored.stations,
    findings,
    blindSpots: scored.blindSpots,
    problems: [...index.problems],
  };
}

/** Audits a directory: index once, check every rule, score. Reads files; never runs them. */
export function audit(dir: string, options: AuditOptions = {}): Report {
  const root = resolve(dir);
  if (!existsSync(root))
    throw new UsageError(`${dir}: no such directory. Pass the path of a repository to audit.`);
  if (!statSync(root).isDirectory())
    throw new UsageError(`${dir}: not a directory. Pass the path of a repository to audit.`);
  return auditIndex(indexDirectory(root, options), root, options);
}
