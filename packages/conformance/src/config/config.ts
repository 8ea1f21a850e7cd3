import { doraSettingsProblem, type DoraSettings } from "@paved/delivery";
import { stations } from "@paved/stations";
import { isRecord } from "@paved/facts";
import { projectRoles, type ProjectRole, type Severity } from "../model.js";

/** `paved.config.json`, as documented by schema/config.schema.json. */
export interface PavedConfig {
  $schema?: string;
  /** Severity per rule id, or "off". */
  rules?: Record<string, Severity | "off">;
  /** Stations not judged, each with the reason. */
  skip?: { station: string; reason: string }[];
  /** Accepted failures, scoped and time-boxed. */
  waivers?: Waiver[];
  /** Rule id patterns (`ci/*`) that a repository's own config cannot switch off, skip or waive. */
  enforce?: string[];
  /** Exit 1 below this score. */
  minScore?: number;
  /**
   * Defaults for `paved new`: the organisation's npm scope, owning team, Node major and the
   * registry its presets install from.
   */
  new?: { scope?: string; owner?: string; node?: string; registry?: string };
  /** Roles per workspace directory, over the ones read from directory names (`examples/` …). */
  projects?: Record<string, { role: ProjectRole }>;
  /** How the team deploys, for `paved dora` and the audit's four keys (docs/dora.md). */
  dora?: DoraSettings;
}

export interface Waiver {
  /** A rule id, or a pattern such as `security/*`. */
  rule: string;
  /** Only findings located under this path (a file or directory, relative to the repository). */
  path?: string;
  /** Only findings of this project directory (`.` for the root). */
  project?: string;
  reason: string;
  owner: string;
  /** Last day the waiver holds, `YYYY-MM-DD`. */
  expires: string;
}

/** A config file could not be used: the message names the file and the key. */
export class ConfigError extends Error {}

const severities = ["error", "warning", "note", "off"];

/** Whether a rule id matches a pattern: exact, `station/*`, or `*`. */
export function ruleMatches(pattern: string, ruleId: string): boolean {
  if (pattern === "*" || pattern === ruleId) return true;
  return pattern.endsWith("/*") && ruleId.startsWith(pattern.slice(0, -1));
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Validates a parsed config against the documented shape and the known rule and station ids.
 * Throws a ConfigError naming the file and the offending key; returns the typed config.
 */
export function validateConfig(
  value: unknown,
  file: string,
  ruleIds: readonly string[],
): PavedConfig {
  const problem = (where: string, what: string): never => {
    throw new ConfigError(`${file}: ${where} ${what}`);
  };
  if (!isRecord(value)) return problem("the file", "must hold a JSON object.");
  const known = new Set([
    "$schema",
    "rules",
    "skip",
    "waivers",
    "enforce",
    "minScore",
    "new",
    "projects",
    "dora",
  ]);
  for (const key of Object.keys(value))
    if (!known.has(key))
      problem(`"${key}"`, `is not a setting; known settings: ${[...known].join(", ")}.`);
  const knownRule = (pattern: string) => ruleIds.some((id) => ruleMatches(pattern, id));
  const stationIds: string[] = stations.map((station) => station.id);

  if (value["$schema"] !== undefined && typeof value["$schema"] !== "string")
    problem('"$schema"', "must be a string.");
  const rules = value["rules"];
  if (rules !== undefined) {
    if (!isRecord(rules))
      problem('"rules"', 'must map rule ids to "error", "warning", "note" or "off".');
    for (const [id, level] of Object.entries(rules as Record<string, unknown>)) {
      if (!knownRule(id)) problem(`"rules" → "${id}"`, "is not a rule id (see docs/rules.md).");
      if (typeof level !== "string" || !severities.includes(level))
        problem(`"rules" → "${id}"`, `must be one of ${severities.join(", ")}.`);
    }
  }
  const skip = value["skip"];
  if (skip !== undefined) {
    if (!Array.isArray(skip)) problem('"skip"', "must be a list of { station, reason }.");
    (skip as unknown[]).forEach((entry, index) => {
      const where = `"skip"[${String(index)}]`;
      if (!isRecord(entry)) return problem(where, "must be { station, reason }.");
      if (typeof entry["station"] !== "string" || !stationIds.includes(entry["station"]))
        problem(`${where}.station`, `must be one of ${stationIds.join(", ")}.`);
      if (typeof entry["reason"] !== "string" || entry["reason"].trim() === "")
        problem(`${where}.reason`, "must say why the station is skipped.");
      return undefined;
    });
  }
  const waivers = value["waivers"];
  if (waivers !== undefined) {
    if (!Array.isArray(waivers))
      problem('"waivers"', "must be a list of { rule, reason, owner, expires, path? }.");
    (waivers as unknown[]).forEach((entry, index) => {
      const where = `"waivers"[${String(index)}]`;
      if (!isRecord(entry))
        return problem(where, "must be { rule, reason, owner, expires, path? }.");
      if (typeof entry["rule"] !== "string" || !knownRule(entry["rule"]))
        problem(`${where}.rule`, "must be a rule id or a pattern such as security/*.");
      for (const field of ["reason", "owner"]) {
        if (typeof entry[field] !== "string" || entry[field].trim() === "")
          problem(`${where}.${field}`, "is required.");
      }
      if (typeof entry["expires"] !== "string" || !isDate(entry["expires"]))
        problem(`${where}.expires`, "must be a date, YYYY-MM-DD.");
      for (const field of ["path", "project"]) {
        if (entry[field] !== undefined && typeof entry[field] !== "string")
          problem(`${where}.${field}`, "must be a string.");
      }
      return undefined;
    });
  }
  const enforce = value["enforce"];
  if (enforce !== undefined) {
    if (!Array.isArray(enforce) || !enforce.every((item) => typeof item === "string"))
      problem('"enforce"', "must be a list of rule ids or patterns.");
    for (const pattern of enforce as string[])
      if (!knownRule(pattern)) problem(`"enforce" → "${pattern}"`, "matches no rule.");
  }
  const minScore = value["minScore"];
  if (minScore !== undefined && (typeof minScore !== "number" || minScore < 0 || minScore > 100))
    problem('"minScore"', "must be a number from 0 to 100.");
  const roles = value["projects"];
  if (roles !== undefined) {
    if (!isRecord(roles)) problem('"projects"', 'must map workspace directories to { "role": … }.');
    for (const [dir, entry] of Object.entries(roles as Record<string, unknown>)) {
      const role = isRecord(entry) ? entry["role"] : undefined;
      if (
        !isRecord(entry) ||
        Object.keys(entry).some((key) => key !== "role") ||
        typeof role !== "string" ||
        !(projectRoles as readonly string[]).includes(role)
      )
        problem(`"projects" → "${dir}"`, `must be { "role": one of ${projectRoles.join(", ")} }.`);
    }
  }
  // The generators' defaults (paved new); the audit only checks their shape.
  const defaults = value["new"];
  if (defaults !== undefined) {
    const keys = ["scope", "owner", "node", "registry"];
    if (!isRecord(defaults)) problem('"new"', `must be an object (${keys.join(", ")}).`);
    for (const [key, setting] of Object.entries(defaults as Record<string, unknown>)) {
      if (!keys.includes(key))
        problem(`"new" → "${key}"`, `is not a setting; known settings: ${keys.join(", ")}.`);
      const patterns: Record<string, RegExp> = {
        scope: /^@[a-z0-9][a-z0-9._~-]*$/,
        owner: /./,
        node: /^[0-9]+$/,
        registry: /^https?:\/\/[^\s/]+/,
      };
      if (typeof setting !== "string" || !(patterns[key] ?? /./).test(setting))
        problem(
          `"new" → "${key}"`,
          key === "scope"
            ? "must be an npm scope such as @acme."
            : key === "node"
              ? "must be a Node major version such as 24."
              : key === "registry"
                ? "must be an http:// or https:// URL such as https://npm.example.com/."
                : "must be a non-empty string.",
        );
    }
  }
  // Checked where delivery's settings are defined, so that paved dora and the audit agree.
  const dora = value["dora"] === undefined ? undefined : doraSettingsProblem(value["dora"]);
  if (dora !== undefined) throw new ConfigError(`${file}: ${dora}`);
  return value;
}
