import type { Campaign } from "./config.js";
import type { Entry } from "./entry.js";

/** Whether a repository's entry meets a campaign: it passes the station or rule. A failed audit does not. */
export function meets(campaign: Campaign, entry: Entry): boolean {
  if (!entry.ok) return false;
  if (campaign.station !== undefined) return entry.stations[campaign.station]?.status === "pass";
  return campaign.rule !== undefined && entry.rules[campaign.rule] === "pass";
}

export type CampaignStatus = "met" | "open" | "missed";

export interface CampaignProgress extends Campaign {
  done: number;
  total: number;
  /** Percent of the fleet done, to one decimal. */
  share: number;
  status: CampaignStatus;
  /** Repositories still to do in each run, oldest first: the burndown. */
  burndown: { run: string; time: string; remaining: number; total: number }[];
}

/** The share done in percent, to one decimal; an empty fleet has done nothing. */
export const shareOf = (done: number, total: number) =>
  total === 0 ? 0 : Math.round((1000 * done) / total) / 10;

/**
 * A campaign's state on `today` (YYYY-MM-DD): met once the share reaches the target; missed when
 * the deadline has passed without it; open until then.
 */
export function statusOf(share: number, campaign: Campaign, today: string): CampaignStatus {
  if (share >= campaign.target) return "met";
  return today > campaign.deadline ? "missed" : "open";
}
