/** DORA's performance levels, from the 2023 Accelerate State of DevOps Report's clusters. */
export type Band = "elite" | "high" | "medium" | "low";

export const bandsSource =
  "DORA, Accelerate State of DevOps Report 2023: elite deploys on demand (daily or more), lead time under a day, 5% change failure rate, recovery under an hour; high daily to weekly, under a week, 10%, under a day; medium weekly to monthly, under a month, 15%, under a week; low otherwise";

const hour = 3600;
const day = 24 * hour;

type Key = "deploymentFrequency" | "leadTime" | "changeFailureRate" | "timeToRestore";

/**
 * Each key is placed on its own: the report's clusters are of teams, but a key's thresholds
 * tell where that key stands. Frequency is per week; times are seconds; the rate is 0–1.
 */
export function bandOf(key: Key, value: number): Band {
  switch (key) {
    case "deploymentFrequency":
      return value >= 7 ? "elite" : value >= 1 ? "high" : value >= 12 / 52 ? "medium" : "low";
    case "leadTime":
      return value < day ? "elite" : value < 7 * day ? "high" : value < 30 * day ? "medium" : "low";
    case "changeFailureRate":
      return value <= 0.05 ? "elite" : value <= 0.1 ? "high" : value <= 0.15 ? "medium" : "low";
    case "timeToRestore":
      return value < hour ? "elite" : value < day ? "high" : value < 7 * day ? "medium" : "low";
  }
}
