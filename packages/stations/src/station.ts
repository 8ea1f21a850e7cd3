/** What kind of project a station applies to. A workspace root holds repository-wide wiring. */
export type ProjectKind = "service" | "library" | "workspace-root";

/** One station of the line. */
export interface Station {
  /** Stable id; rule ids start with it (`lint/type-aware`). */
  id: string;
  /** Position on the line, from commit (1) to production. */
  order: number;
  title: string;
  /** The class of defect this station stops, and a blind spot lets through. */
  defectClass: string;
  /**
   * What proves the station is really on the line: rules of which at least one must pass
   * (on some project) for the station to count. Without it the station is a blind spot,
   * whatever its other rules say — a formatter configured but never checked, a PR template
   * with nobody bound to review.
   */
  coreEvidence: {
    rules: readonly string[];
    /** The evidence in words, for reports: "a dependency audit that runs in CI". */
    what: string;
    /**
     * The road wires the evidence as a step of CI: a generated repository without its pipeline is
     * blind here too. (Other repositories may prove it elsewhere on the line: the format station
     * counts a pre-commit hook whose commands the audit can read, which the road's re-exported
     * lint-staged preset is not.)
     */
    inCi?: boolean;
    /**
     * Every rule must pass (a linter configured and run on the line), not any one of them (a
     * strict tsconfig or a type check in CI).
     */
    all?: boolean;
  };
  /** The Paved package that wires the station, where one exists. */
  preset: string | null;
  /** The kinds of project the station is judged on. */
  appliesTo: readonly ProjectKind[];
  /** The conformance rules that prove the station is wired. */
  rules: readonly string[];
  /**
   * The package.json script that runs the station on the line (`paved line`, the CI preset),
   * where a script runs it; stations wired by files or services (CI, review) have none.
   */
  script?: string;
}
