// The truth set's vocabulary (README.md beside this file): what a fact id means, which answers
// it allows, and how an audit report answers it. Station and rule ids come from the catalogue,
// so a renamed station or rule makes every fact that names it fail validation, not pass quietly.
import { stations } from "../../../packages/stations/dist/index.js";

const stationIds = new Set(stations.map((station) => station.id));
const ruleIds = new Set(stations.flatMap((station) => station.rules));

/** The answers each kind of fact allows; an audit may also answer `missing` (no such finding). */
export const answers = {
  station: ["present", "absent", "not-applicable"],
  rule: ["pass", "fail", "not-applicable", "not-evaluated"],
};

/** `station:<id>` or `rule:<station>/<check>`: its kind and the catalogue id it names. */
function parseId(id) {
  const [kind, name] = id.split(/:(.*)/s);
  const known = kind === "station" ? stationIds : kind === "rule" ? ruleIds : undefined;
  return known?.has(name) ? { kind, name } : undefined;
}

/** The station a fact belongs to, for the per-station figures. */
export function factStation(id) {
  const { kind, name } = parseId(id);
  return kind === "station" ? name : name.split("/")[0];
}

/** Throws, naming the file, on anything but a well-formed truth file. */
export function validateFacts(truth, path) {
  const fail = (what) => {
    throw new Error(`${path}: ${what}; see tools/bench/truth/README.md for the format.`);
  };
  if (typeof truth?.repo !== "string" || !/^[\w.-]+\/[\w.-]+$/.test(truth.repo)) fail("no repo");
  if (!/^[0-9a-f]{40}$/.test(truth.commit ?? "")) fail("commit is not 40 hex digits");
  if (!Array.isArray(truth.facts) || truth.facts.length === 0) fail("no facts");
  const seen = new Set();
  for (const fact of truth.facts) {
    const parsed = parseId(fact.id ?? "");
    if (!parsed) fail(`unknown fact id ${JSON.stringify(fact.id)}`);
    if (!answers[parsed.kind].includes(fact.expect)) fail(`${fact.id}: bad expect ${fact.expect}`);
    if (typeof fact.evidence !== "string" || fact.evidence.trim() === "")
      fail(`${fact.id}: no evidence`);
    const key = `${fact.id} ${fact.project ?? "."}`;
    if (seen.has(key)) fail(`${fact.id} is recorded twice`);
    seen.add(key);
  }
}

/**
 * A station is present when it scores above 0 and is no blind spot; a blind spot is absent. A
 * station whose core evidence the audit could not read is `unknown`: it answers neither, so a
 * fact about it counts as a disagreement, whichever way it was read by hand.
 */
function observeStation(report, id) {
  const result = report.stations.find((station) => station.id === id);
  if (report.blindSpots.some((spot) => spot.station === id)) return "absent";
  if (result?.why?.startsWith("core evidence unknown")) return "unknown";
  if (!result || result.score === null) return "not-applicable";
  return result.score > 0 ? "present" : "absent";
}

// A rule may report once per file (one finding per workflow): one failure fails the rule, and
// one it could not evaluate keeps it from passing.
const precedence = ["fail", "not-evaluated", "pass", "not-applicable"];

/** A rule's outcome on one project (the root, `.`, unless the fact names a project dir). */
function observeRule(report, id, project = ".") {
  const outcomes = new Set(
    report.findings.filter((f) => f.ruleId === id && f.project === project).map((f) => f.outcome),
  );
  return precedence.find((outcome) => outcomes.has(outcome)) ?? "missing";
}

/** How the report answers a fact. */
export function observe(report, fact) {
  const { kind, name } = parseId(fact.id);
  return kind === "station"
    ? observeStation(report, name)
    : observeRule(report, name, fact.project);
}
