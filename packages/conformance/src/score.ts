import { stations, type Station } from "@paved/stations";
import type { Finding, Severity } from "./model.js";

export type StationStatus =
  "pass" | "partial" | "fail" | "not-evaluated" | "not-applicable" | "waived";

export interface StationResult {
  id: string;
  title: string;
  order: number;
  defectClass: string;
  status: StationStatus;
  /** 0–100 over the findings that could be evaluated; null when none could. */
  score: number | null;
  passed: number;
  failed: number;
  notEvaluated: number;
  notApplicable: number;
  /** Failures accepted by a waiver: listed, but not scored. */
  waived: number;
  /** Why the station is not a plain pass: its missing core evidence, or the rules that failed. */
  why?: string;
}

export interface BlindSpot {
  station: string;
  title: string;
  defectClass: string;
  /** Why it is a blind spot: no finding passed, or its core evidence is missing. */
  why: string;
}

export interface Score {
  /** 0–100: the mean of the scored stations. */
  score: number;
  /** Share (0–1) of applicable findings that could be evaluated. */
  coverage: number;
  stations: StationResult[];
  blindSpots: BlindSpot[];
}

const weight: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

/**
 * The core rules, when none of them passed and at least one had `outcome` (failed: the core
 * evidence is missing; could not be evaluated, none failing: it is unknown). Empty when one
 * passed, or when none applied.
 */
function unproven(
  findings: readonly Finding[],
  ruleIds: readonly string[],
  all: boolean,
  outcome: "fail" | "not-evaluated",
): string[] {
  const missing = (ids: readonly string[]) => {
    const own = findings.filter((finding) => ids.includes(finding.ruleId));
    if (own.some((finding) => finding.outcome === "pass")) return false;
    if (outcome === "not-evaluated" && own.some((finding) => finding.outcome === "fail"))
      return false;
    return own.some((finding) => finding.outcome === outcome);
  };
  // Every rule must hold (configured and run), or any one of them (a strict config or a check).
  if (all) return ruleIds.filter((id) => missing([id]));
  return missing(ruleIds) ? [...ruleIds] : [];
}

/** The failed and unevaluated rules of a station, each once, in order. */
function shortfalls(findings: readonly Finding[]): string {
  const failed = [...new Set(findings.filter((f) => f.outcome === "fail").map((f) => f.ruleId))];
  const unknown = [
    ...new Set(findings.filter((f) => f.outcome === "not-evaluated").map((f) => f.ruleId)),
  ];
  return [
    ...(failed.length > 0 ? [`${failed.join(", ")} failed`] : []),
    ...(unknown.length > 0 ? [`${unknown.join(", ")} could not be evaluated`] : []),
  ].join("; ");
}

/**
 * Why a station is not a plain pass: its missing core evidence first (which makes it a blind
 * spot however many other rules pass), else what failed.
 */
function whyOf(
  station: (typeof stations)[number],
  own: readonly Finding[],
  status: StationStatus,
): { why?: string; blind: boolean } {
  if (status === "not-applicable" || status === "waived") return { blind: false };
  const evidence: Station["coreEvidence"] = station.coreEvidence;
  const all = evidence.all === true;
  const missing = unproven(own, station.coreEvidence.rules, all, "fail");
  const passed = own.some((finding) => finding.outcome === "pass");
  if (missing.length > 0)
    return {
      why: `no core evidence: ${station.coreEvidence.what} (${missing.join(all ? " and " : " or ")} did not pass)${passed ? `; ${shortfalls(own)}` : ""}`,
      blind: true,
    };
  // Evidence the audit could not read (a remote reusable workflow) is unknown, not missing: no
  // blind spot is claimed on it.
  const unknown = unproven(own, station.coreEvidence.rules, all, "not-evaluated");
  if (unknown.length > 0) {
    const rest = shortfalls(
      own.filter((f) => !(f.outcome === "not-evaluated" && unknown.includes(f.ruleId))),
    );
    return {
      why: `core evidence unknown: ${station.coreEvidence.what} (${unknown.join(all ? " and " : " or ")} could not be evaluated)${rest === "" ? "" : `; ${rest}`}`,
      blind: false,
    };
  }
  if (status === "pass") return { blind: false };
  return { why: shortfalls(own), blind: !passed };
}

/**
 * Rolls findings up into stations through the catalogue: scores, statuses and blind spots. A
 * station is a blind spot when nothing of it passed, or when its core evidence (named in the
 * catalogue) did not pass, whatever its other rules say.
 */
export function score(findings: readonly Finding[]): Score {
  const blind = new Map<string, string>();
  const results = stations.map((station): StationResult => {
    const all = findings.filter((finding) => finding.station === station.id);
    const own = all.filter((finding) => !finding.waiver);
    const waived = all.length - own.length;
    const count = (outcome: Finding["outcome"]) =>
      own.filter((finding) => finding.outcome === outcome).length;
    const passed = count("pass");
    const failed = count("fail");
    const notEvaluated = count("not-evaluated");
    const notApplicable = count("not-applicable");
    const passWeight = own
      .filter((f) => f.outcome === "pass")
      .reduce((sum, f) => sum + weight[f.severity], 0);
    const failWeight = own
      .filter((f) => f.outcome === "fail")
      .reduce((sum, f) => sum + weight[f.severity], 0);
    const scored =
      passWeight + failWeight > 0
        ? Math.round((100 * passWeight) / (passWeight + failWeight))
        : null;
    let status: StationStatus;
    if (passed + failed + notEvaluated === 0) status = waived > 0 ? "waived" : "not-applicable";
    else if (passed + failed === 0) status = "not-evaluated";
    else if (failed === 0 && notEvaluated === 0) status = "pass";
    else if (passed === 0) status = "fail";
    else status = "partial";
    const { why, blind: isBlind } = whyOf(station, own, status);
    if (isBlind) blind.set(station.id, why ?? "");
    return {
      id: station.id,
      title: station.title,
      order: station.order,
      defectClass: station.defectClass,
      status,
      score: scored,
      passed,
      failed,
      notEvaluated,
      notApplicable,
      waived,
      ...(why ? { why } : {}),
    };
  });
  // A station that applies but could not be evaluated counts as 0: breaking a config must never
  // raise the score. Not-applicable and waived-only stations are left out.
  const counted = results.filter(
    (result) => result.score !== null || result.status === "not-evaluated",
  );
  const total =
    counted.length === 0
      ? 0
      : Math.round(counted.reduce((sum, result) => sum + (result.score ?? 0), 0) / counted.length);
  const evaluated = results.reduce((sum, result) => sum + result.passed + result.failed, 0);
  const applicable = evaluated + results.reduce((sum, result) => sum + result.notEvaluated, 0);
  const blindSpots = results.flatMap((result) => {
    const why = blind.get(result.id);
    return why === undefined
      ? []
      : [{ station: result.id, title: result.title, defectClass: result.defectClass, why }];
  });
  return {
    score: total,
    coverage: applicable === 0 ? 1 : evaluated / applicable,
    stations: results,
    blindSpots,
  };
}
