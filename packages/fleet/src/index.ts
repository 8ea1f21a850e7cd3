export { auditRepo, type AuditRepoOptions } from "./audit-repo.js";
export { meets, statusOf, type CampaignProgress, type CampaignStatus } from "./campaigns.js";
export { checkoutBare, headCommit } from "./checkout.js";
export {
  fleetConfigFile,
  FleetConfigError,
  loadFleetConfig,
  parseFleetConfig,
  type Campaign,
  type FleetConfig,
} from "./config.js";
export { statusMarks } from "./dashboard/html.js";
export type { Dashboard, RepoRow, RunSummary } from "./dashboard/model.js";
export { entryOf, type Entry, type OkEntry, type RunInfo } from "./entry.js";
export { MergeError, mergeFleetDirs } from "./merge.js";
export { runPool, type PoolOptions } from "./pool.js";
export {
  fleetDashboard,
  renderReport,
  reportFormats,
  writeHtmlDashboard,
  type ReportFormat,
  type ReportOptions,
} from "./report.js";
export {
  expandRepos,
  FleetInputError,
  inShard,
  isBare,
  parseShard,
  type RepoSource,
} from "./repos.js";
export { fleetAudit, type FleetAuditOptions, type FleetAuditResult } from "./run.js";
export { historyFile, readHistory, reportFileName, reportsDir } from "./store.js";
export { catalogOwner, defaultOwner, teamOf, type Team } from "./teams.js";
