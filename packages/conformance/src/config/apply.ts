import { stationById } from "@paved/stations";
import type { Finding, Severity } from "../model.js";
import { ruleMatches, type Waiver } from "./config.js";
import type { ConfigSource } from "./load.js";

/** What the configuration did to the audit, for the report: nothing is switched off silently. */
export interface ConfigSummary {
  sources: { path: string; origin: "repository" | "external" }[];
  severities: { rule: string; severity: Severity | "off"; source: string }[];
  skipped: { station: string; reason: string; source: string }[];
  waived: {
    ruleId: string;
    project: string;
    path?: string;
    reason: string;
    owner: string;
    expires: string;
    source: string;
  }[];
  expiredWaivers: { rule: string; owner: string; expired: string; source: string }[];
  /** Settings of the repository's own config that an external config's `enforce` overruled. */
  rejected: { source: string; setting: string; why: string }[];
  minScore: number | undefined;
}

interface Effective {
  severities: Map<string, { severity: Severity | "off"; source: string }>;
  skipped: ConfigSummary["skipped"];
  waivers: (Waiver & { source: string })[];
  rejected: ConfigSummary["rejected"];
  minScore: number | undefined;
}

/**
 * Merges the sources: external settings win over the repository's, and the repository may not
 * switch off, skip or waive a rule that an external config enforces.
 */
function merge(sources: readonly ConfigSource[], ruleIds: readonly string[]): Effective {
  const enforced = sources
    .filter((source) => source.origin === "external")
    .flatMap((source) => source.config.enforce ?? []);
  const isEnforced = (rule: string) =>
    enforced.some((pattern) =>
      ruleIds.some((id) => ruleMatches(pattern, id) && ruleMatches(rule, id)),
    );
  const effective: Effective = {
    severities: new Map(),
    skipped: [],
    waivers: [],
    rejected: [],
    minScore: undefined,
  };
  // Repository first, external last: later sources overwrite earlier ones.
  const ordered = [...sources].sort((a, b) =>
    a.origin === b.origin ? 0 : a.origin === "repository" ? -1 : 1,
  );
  for (const source of ordered) {
    const local = source.origin === "repository";
    const reject = (setting: string) =>
      effective.rejected.push({
        source: source.path,
        setting,
        why: "the rule is enforced by the organisation's config (--config)",
      });
    for (const [rule, severity] of Object.entries(source.config.rules ?? {})) {
      if (local && isEnforced(rule)) reject(`rules.${rule}: ${severity}`);
      else {
        // Re-inserted, so that for overlapping patterns the later source's setting comes last.
        effective.severities.delete(rule);
        effective.severities.set(rule, { severity, source: source.path });
      }
    }
    for (const skip of source.config.skip ?? []) {
      const station = stationById(skip.station);
      if (local && station?.rules.some((rule) => isEnforced(rule))) reject(`skip ${skip.station}`);
      else effective.skipped.push({ ...skip, source: source.path });
    }
    for (const waiver of source.config.waivers ?? []) {
      if (local && isEnforced(waiver.rule)) reject(`waiver of ${waiver.rule}`);
      else effective.waivers.push({ ...waiver, source: source.path });
    }
    if (source.config.minScore !== undefined) effective.minScore = source.config.minScore;
  }
  return effective;
}

function severityFor(
  effective: Effective,
  ruleId: string,
): { severity: Severity | "off"; source: string } | undefined {
  let found: { severity: Severity | "off"; source: string } | undefined;
  for (const [pattern, setting] of effective.severities)
    if (ruleMatches(pattern, ruleId)) found = setting;
  return found;
}

const underPath = (scope: string, path: string | undefined) =>
  path !== undefined &&
  (path === scope || path.startsWith(scope.endsWith("/") ? scope : `${scope}/`));

/** Applies severities, skips and waivers to the findings; an expired waiver is itself a finding. */
export function applyConfig(
  findings: readonly Finding[],
  sources: readonly ConfigSource[],
  ruleIds: readonly string[],
  today: string = new Date().toISOString().slice(0, 10),
): { findings: Finding[]; summary: ConfigSummary } {
  const effective = merge(sources, ruleIds);
  const summary: ConfigSummary = {
    sources: sources.map(({ path, origin }) => ({ path, origin })),
    severities: [...effective.severities].map(([rule, { severity, source }]) => ({
      rule,
      severity,
      source,
    })),
    skipped: effective.skipped,
    waived: [],
    expiredWaivers: [],
    rejected: effective.rejected,
    minScore: effective.minScore,
  };
  const live = effective.waivers.filter((waiver) => waiver.expires >= today);
  const result: Finding[] = [];
  for (const finding of findings) {
    const skip = effective.skipped.find((entry) => entry.station === finding.station);
    const severity = severityFor(effective, finding.ruleId);
    if (skip || severity?.severity === "off") {
      const why = skip
        ? `station skipped by ${skip.source}: ${skip.reason}`
        : `switched off by ${severity?.source ?? ""}`;
      result.push({
        ...finding,
        outcome: "not-applicable",
        message: `${finding.message} (${why})`,
      });
      continue;
    }
    const adjusted: Finding = severity
      ? { ...finding, severity: severity.severity }
      : { ...finding };
    if (adjusted.outcome === "fail") {
      const waiver = live.find(
        (entry) =>
          ruleMatches(entry.rule, adjusted.ruleId) &&
          (entry.project === undefined || entry.project === adjusted.project) &&
          (entry.path === undefined ||
            underPath(entry.path, adjusted.location?.path) ||
            underPath(entry.path, adjusted.project)),
      );
      if (waiver) {
        adjusted.waiver = {
          reason: waiver.reason,
          owner: waiver.owner,
          expires: waiver.expires,
          source: waiver.source,
        };
        summary.waived.push({
          ruleId: adjusted.ruleId,
          project: adjusted.project,
          ...(adjusted.location ? { path: adjusted.location.path } : {}),
          reason: waiver.reason,
          owner: waiver.owner,
          expires: waiver.expires,
          source: waiver.source,
        });
      }
    }
    result.push(adjusted);
  }
  for (const waiver of effective.waivers.filter((entry) => entry.expires < today)) {
    summary.expiredWaivers.push({
      rule: waiver.rule,
      owner: waiver.owner,
      expired: waiver.expires,
      source: waiver.source,
    });
    const station = ruleIds.find((id) => ruleMatches(waiver.rule, id))?.split("/")[0] ?? "ci";
    result.push({
      ruleId: "config/waiver-expired",
      station: station as Finding["station"],
      project: ".",
      outcome: "fail",
      severity: "error",
      message: `The waiver of ${waiver.rule} (owner ${waiver.owner}: "${waiver.reason}") expired on ${waiver.expires}; the findings it covered count again.`,
      location: { path: waiver.source },
      remediation:
        "Fix the waived findings, or renew the waiver with a new expiry date and the owner's agreement.",
    });
  }
  return { findings: result, summary };
}
