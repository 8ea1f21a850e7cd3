import { rules } from "@paved/conformance";
import { asText, readBounded } from "@paved/fs";
import { stations } from "@paved/stations";

/** A drive to bring a share of the fleet onto one station or rule by a date. */
export interface Campaign {
  id: string;
  title: string;
  /** Exactly one of station or rule: a repository is done when it passes it. */
  station?: string;
  rule?: string;
  /** The share of repositories, in percent, that must be done by the deadline. */
  target: number;
  /** YYYY-MM-DD, the last day the target may be met on. */
  deadline: string;
  owner: string;
}

/** The fleet's own configuration, `paved.fleet.json`: team mapping and campaigns. */
export interface FleetConfig {
  /** Repository id → team: wins over CODEOWNERS and catalog-info.yaml. */
  teams: Record<string, string>;
  campaigns: Campaign[];
}

export const fleetConfigFile = "paved.fleet.json";

/** A fleet config that cannot be used: its file and what to change, in one line. */
export class FleetConfigError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const text = (value: unknown) => typeof value === "string" && value.trim() !== "";

function campaignOf(value: unknown, at: string): Campaign {
  if (!isRecord(value)) throw new FleetConfigError(`${at} must be an object.`);
  const { id, title, target, deadline, owner } = value;
  const station =
    typeof value["station"] === "string"
      ? value["station"]
      : value["station"] === undefined
        ? undefined
        : "";
  const rule =
    typeof value["rule"] === "string"
      ? value["rule"]
      : value["rule"] === undefined
        ? undefined
        : "";
  if (!text(id)) throw new FleetConfigError(`${at}.id must be a non-empty string.`);
  if ((station === undefined) === (rule === undefined))
    throw new FleetConfigError(`${at} must name exactly one of "station" or "rule".`);
  if (station !== undefined && !stations.some((known) => known.id === station))
    throw new FleetConfigError(
      `${at}.station '${station}' is not a station; use one of ${stations.map((known) => known.id).join(", ")}.`,
    );
  if (rule !== undefined && !rules.some((known) => known.meta.id === rule))
    throw new FleetConfigError(`${at}.rule '${rule}' is not a rule; see docs/rules.md.`);
  if (typeof target !== "number" || !(target > 0 && target <= 100))
    throw new FleetConfigError(`${at}.target must be a percentage above 0, at most 100.`);
  if (
    typeof deadline !== "string" ||
    !/^\d{4}-\d{2}-\d{2}$/.test(deadline) ||
    Number.isNaN(Date.parse(deadline))
  )
    throw new FleetConfigError(`${at}.deadline must be a date, YYYY-MM-DD.`);
  if (!text(owner)) throw new FleetConfigError(`${at}.owner must be a non-empty string.`);
  return {
    id: String(id),
    title: text(title) ? String(title) : String(id),
    ...(station === undefined ? {} : { station }),
    ...(rule === undefined ? {} : { rule }),
    target,
    deadline,
    owner: String(owner),
  };
}

/** Validates a parsed fleet config; errors name the setting and what it must be. */
export function parseFleetConfig(value: unknown, file: string): FleetConfig {
  const fail = (message: string) => new FleetConfigError(`${file}: ${message}`);
  if (!isRecord(value)) throw fail('must be a JSON object with "teams" and "campaigns".');
  const { teams = {}, campaigns = [] } = value;
  if (!isRecord(teams) || !Object.values(teams).every(text))
    throw fail('"teams" must map repository ids to team names.');
  if (!Array.isArray(campaigns)) throw fail('"campaigns" must be an array.');
  try {
    const parsed = campaigns.map((campaign, i) => campaignOf(campaign, `campaigns[${String(i)}]`));
    const ids = parsed.map((campaign) => campaign.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice !== undefined) throw new FleetConfigError(`campaign id '${twice}' is used twice.`);
    return { teams: teams as Record<string, string>, campaigns: parsed };
  } catch (error) {
    if (error instanceof FleetConfigError) throw fail(error.message);
    throw error;
  }
}

/** Reads a fleet config; a missing file is the empty config only when it was not asked for. */
export function loadFleetConfig(file: string, required: boolean): FleetConfig {
  const read = asText(readBounded(file, 4 * 1024 * 1024));
  if (!read.ok) {
    if (read.missing === true && !required) return { teams: {}, campaigns: [] };
    throw new FleetConfigError(`${file}: ${read.why}; pass a readable fleet config.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.value);
  } catch (error) {
    throw new FleetConfigError(
      `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it.`,
    );
  }
  return parseFleetConfig(parsed, file);
}
