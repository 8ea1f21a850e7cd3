import { relative, sep } from "node:path";
import { readBounded, readInside } from "@paved/fs";
import type { Finding } from "./model.js";
import { ConfigError } from "./config/config.js";
import { sha256 } from "@paved/facts";

/** The failures a team has accepted as its starting point: later audits fail only on new ones. */
export interface Baseline {
  schemaVersion: 1;
  findings: {
    fingerprint: string;
    ruleId: string;
    project: string;
    path?: string;
    message: string;
  }[];
}

export interface BaselineSummary {
  path: string;
  /** Failures already in the baseline. */
  existing: number;
  /** Failures the baseline does not know: the ratchet fails on these. */
  new: number;
  /** Baseline entries that no longer fail: run --update-baseline to lock the gain in. */
  fixed: number;
}

/**
 * Stable across runs, line moves and wording: rule, project and file. The message is left out on
 * purpose — it lists what is missing, so fixing half of a failure must not make it "new".
 * Several failures of one rule in one file share a fingerprint and are counted.
 */
export function fingerprint(finding: Finding): string {
  return sha256([finding.ruleId, finding.project, finding.location?.path ?? ""].join("\0")).slice(
    0,
    32,
  );
}

const failing = (findings: readonly Finding[]) =>
  findings.filter((finding) => finding.outcome === "fail" && !finding.waiver);

export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = failing(findings).map((finding) => ({
    fingerprint: fingerprint(finding),
    ruleId: finding.ruleId,
    project: finding.project,
    ...(finding.location ? { path: finding.location.path } : {}),
    message: finding.message,
  }));
  entries.sort(
    (a, b) => a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { schemaVersion: 1, findings: entries };
}

const maxBaselineBytes = 16 * 1024 * 1024;

/**
 * Reads a baseline. The default one lives in the audited repository (`inside` it): no link out
 * of it is followed; one the user named is read where it is. Either way only a regular file
 * under 16 MiB is read, so a FIFO or `/dev/zero` cannot stall or exhaust the audit.
 */
export function readBaseline(path: string, inside?: string): Baseline {
  const read =
    inside === undefined
      ? readBounded(path, maxBaselineBytes)
      : readInside(inside, relative(inside, path).split(sep).join("/"), maxBaselineBytes);
  if (!read.ok) {
    throw new ConfigError(
      `${path}: ${read.why}; a baseline must be a regular file under 16 MiB: recreate it with paved audit --update-baseline.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(read.value.toString("utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ConfigError(
      `${path}: the baseline is not valid JSON (${(error as Error).message}); recreate it with paved audit --update-baseline.`,
    );
  }
  const findings = (value as { findings?: unknown } | null)?.findings;
  if (
    (value as { schemaVersion?: unknown } | null)?.schemaVersion !== 1 ||
    !Array.isArray(findings)
  ) {
    throw new ConfigError(
      `${path}: not a Paved baseline (schemaVersion 1 with a findings list); recreate it with paved audit --update-baseline.`,
    );
  }
  const valid = (findings as unknown[]).every(
    (entry) =>
      entry !== null &&
      typeof entry === "object" &&
      typeof (entry as { fingerprint?: unknown }).fingerprint === "string",
  );
  if (!valid) {
    throw new ConfigError(
      `${path}: a baseline entry has no fingerprint; recreate it with paved audit --update-baseline.`,
    );
  }
  return value as Baseline;
}

/** Marks each failure as `existing` or `new` against the baseline, counting repeats. */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  path: string,
): { findings: Finding[]; summary: BaselineSummary } {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings)
    remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  let existing = 0;
  let fresh = 0;
  const marked = findings.map((finding): Finding => {
    if (finding.outcome !== "fail" || finding.waiver) return finding;
    const print = fingerprint(finding);
    const left = remaining.get(print) ?? 0;
    if (left > 0) {
      remaining.set(print, left - 1);
      existing += 1;
      return { ...finding, baseline: "existing" };
    }
    fresh += 1;
    return { ...finding, baseline: "new" };
  });
  const fixed = [...remaining.values()].reduce((sum, count) => sum + count, 0);
  return { findings: marked, summary: { path, existing, new: fresh, fixed } };
}
