import { createRequire } from "node:module";
import type * as Re2js from "re2js";
import type { History } from "./history.js";

/** A release to production: when, of which commit, and of which package (`""`: the repository). */
export interface Deployment {
  time: number;
  sha: string;
  /** The package a changesets tag (`pkg@1.2.3`) releases; `""` for the repository as a whole. */
  stream: string;
  /** The version, where the deployment has one (from its tag or its record). */
  version?: string;
  /** What it came from: a tag's name, a deployments file's line, a merge's sha. */
  label: string;
}

export type DeploymentSource =
  | { kind: "tags"; pattern?: TagPattern }
  | { kind: "merges" }
  | { kind: "file"; lines: readonly string[]; path: string; environment: string };

/** `v1.2.3`: the repository's release; prereleases (`-rc.1`) are not production. */
const semverTag = /^v?(\d+\.\d+\.\d+)$/;
/** `@scope/pkg@1.2.3`, changesets' tag of one package's release. */
const packageTag = /^((?:@[^@/\s]+\/)?[^@/\s]+)@(\d+\.\d+\.\d+)$/;

/** Why deployments could not be read: a line of a deployments file, named. */
export class DeploymentsError extends Error {
  override name = "DeploymentsError";
}

/** A team's own release-tag pattern: the package a tag names (`""`: none), or undefined. */
export type TagPattern = (name: string) => string | undefined;

/**
 * Compiles a tag pattern with RE2 (re2js): a pattern from a repository's own paved.config.json
 * is the repository's, so it is matched in linear time, whatever it is. Its first capture group,
 * if any, names the package. `where` names the setting in the error.
 */
export function tagPattern(source: string, where: string): TagPattern {
  const { RE2JS } = createRequire(import.meta.url)("re2js") as typeof Re2js;
  let compiled: Re2js.RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    throw new DeploymentsError(
      `${where} is not a regular expression RE2 can match (${(error as Error).message}); fix it, for example ^v\\d+\\.\\d+\\.\\d+$.`,
    );
  }
  return (name) => {
    const match = compiled.matcher(name);
    if (!match.find()) return undefined;
    return compiled.groupCount() > 0 ? (match.group(1) ?? "") : "";
  };
}

/**
 * The deployments of a history. From tags: semver `v1.2.3` and changesets' `pkg@1.2.3`, or a
 * pattern of the team's own (its first capture group, if any, names the package); from merges:
 * every commit of the trunk's first-parent line (a team that deploys each merge); from a file:
 * JSON lines `{ "time", "version" | "commit", "environment" }`.
 */
export function deploymentsOf(history: History, source: DeploymentSource): Deployment[] {
  const found =
    source.kind === "tags"
      ? fromTags(history, source.pattern)
      : source.kind === "merges"
        ? fromTrunk(history)
        : fromFile(history, source);
  return found.sort((a, b) => a.time - b.time || a.label.localeCompare(b.label));
}

function fromTags(history: History, pattern: TagPattern | undefined): Deployment[] {
  const deployments: Deployment[] = [];
  for (const tag of history.tags) {
    // A tag counts where its commit is in the history read; it then has a time.
    const time = tag.time;
    if (!history.commits.has(tag.sha) || time === undefined) continue;
    if (pattern !== undefined) {
      const stream = pattern(tag.name);
      // A trailing X.Y.Z is the version, so that the patch-release proxy applies to these too.
      const version = /(?:^|[^\d.])(\d+\.\d+\.\d+)$/.exec(tag.name)?.[1];
      if (stream !== undefined)
        deployments.push({
          time,
          sha: tag.sha,
          stream,
          ...(version === undefined ? {} : { version }),
          label: tag.name,
        });
      continue;
    }
    const repo = semverTag.exec(tag.name);
    const pkg = repo === null ? packageTag.exec(tag.name) : null;
    const version = repo?.[1] ?? pkg?.[2];
    if (version === undefined) continue;
    deployments.push({
      time,
      sha: tag.sha,
      stream: pkg?.[1] ?? "",
      version,
      label: tag.name,
    });
  }
  return deployments;
}

function fromTrunk(history: History): Deployment[] {
  return history.trunk.flatMap((sha) => {
    const commit = history.commits.get(sha);
    return commit === undefined
      ? []
      : [{ time: commit.committed, sha, stream: "", label: sha.slice(0, 12) }];
  });
}

function fromFile(
  history: History,
  source: { lines: readonly string[]; path: string; environment: string },
): Deployment[] {
  const byTag = new Map(history.tags.map((tag) => [tag.name, tag.sha]));
  const deployments: Deployment[] = [];
  source.lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${source.path}:${String(index + 1)}`;
    const record = parseLine(line, where);
    const environment = record["environment"];
    if (environment !== undefined && environment !== source.environment) return;
    const time = timeOf(record["time"], where);
    const version = typeof record["version"] === "string" ? record["version"] : undefined;
    const commit = typeof record["commit"] === "string" ? record["commit"] : undefined;
    const sha =
      (commit === undefined ? undefined : resolveCommit(history, commit)) ??
      (version === undefined
        ? undefined
        : (byTag.get(version) ?? byTag.get(`v${version}`) ?? byTag.get(version.replace(/^v/, ""))));
    if (sha === undefined)
      throw new DeploymentsError(
        `${where}: names ${commit === undefined ? `version ${version ?? "(none)"}` : `commit ${commit}`}, which is not in the history; give a commit of this repository or a version it has a tag for.`,
      );
    deployments.push({
      time,
      sha,
      stream: "",
      ...(version === undefined ? {} : { version: version.replace(/^v/, "") }),
      label: version ?? sha.slice(0, 12),
    });
  });
  return deployments;
}

export function parseLine(line: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new DeploymentsError(`${where}: not a JSON object; write one object per line.`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new DeploymentsError(`${where}: not a JSON object; write one object per line.`);
  return value as Record<string, unknown>;
}

/** An ISO 8601 time (or seconds since the epoch) as seconds since the epoch. */
export function timeOf(value: unknown, where: string): number {
  const ms =
    typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms))
    throw new DeploymentsError(
      `${where}: "time" must be an ISO 8601 time such as 2026-11-02T14:00:00Z.`,
    );
  return Math.floor(ms / 1000);
}

/** A full or abbreviated sha of a commit in the history. */
export function resolveCommit(history: History, sha: string): string | undefined {
  if (history.commits.has(sha)) return sha;
  if (sha.length < 7) return undefined;
  for (const full of history.commits.keys()) if (full.startsWith(sha)) return full;
  return undefined;
}
