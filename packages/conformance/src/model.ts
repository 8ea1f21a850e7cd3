import type { StationId } from "@paved/stations";

/** A rule's verdict on one target. `not-evaluated` always says why (`reason`). */
export type Outcome = "pass" | "fail" | "not-applicable" | "not-evaluated";

export type Severity = "error" | "warning" | "note";

/** Where in the audited repository a finding points; paths are relative, with `/`. */
export interface Location {
  path: string;
  line?: number;
}

/** What a rule's check returns: its verdict, in words a team can act on. */
export interface Verdict {
  outcome: Outcome;
  message: string;
  location?: Location;
  /** Why a rule could not evaluate, for `not-evaluated`. */
  reason?: string;
  /**
   * What to do, in the repository's own terms (its package manager, hook manager and tools),
   * where that differs from the rule's general remediation.
   */
  remediation?: string;
}

export type { PackageManifest, Project, ProjectRole } from "@paved/facts";
export { projectRoles } from "@paved/facts";

/** A rule's metadata: the docs' rule reference is generated from it. */
export interface RuleMeta {
  /** `station/what-it-checks`. */
  id: string;
  station: StationId;
  /** One line: what the rule checks. */
  description: string;
  /** Why it matters: the defect that gets through without it. */
  rationale: string;
  /** What to do when it fails. */
  remediation: string;
  severity: Severity;
  /** Repository-wide wiring (`repo`), or judged per project (`project`). */
  scope: "repo" | "project";
}

/** The outcome of one rule on one project: what the report lists. */
export interface Finding {
  ruleId: string;
  station: StationId;
  project: string;
  outcome: Outcome;
  severity: Severity;
  message: string;
  location?: Location;
  reason?: string;
  remediation: string;
  /** Set when a configured waiver accepts this failure for now. */
  waiver?: { reason: string; owner: string; expires: string; source: string };
  /** With a baseline: whether this failure was already known (`existing`) or is `new`. */
  baseline?: "existing" | "new";
  /** Set on a failure that `paved adopt` has a fix for. */
  fixable?: true;
}

/** A fix for a finding, as edits of whole files (`before` undefined: the file is created). */
export interface FindingFix {
  description: string;
  changes: readonly { path: string; before: string | undefined; after: string }[];
}
