export { bandOf, bandsSource, type Band } from "./bands.js";
export {
  deploymentsOf,
  DeploymentsError,
  type Deployment,
  tagPattern,
  type DeploymentSource,
  type TagPattern,
} from "./deployments.js";
export {
  HistoryError,
  readHistory,
  type Commit,
  type GitInvocation,
  type History,
  type HistoryOptions,
  type PrefetchedHistory,
  type Tag,
} from "./history.js";
export { recentHistoryCommands } from "./recent.js";
export {
  defaultFailureWindowHours,
  doraSettingKeys,
  doraSettingsProblem,
  lookbackDays,
  recentDays,
  recentDelivery,
  sourceOfSettings,
  type DeliveryKeys,
  type DoraSettings,
} from "./settings.js";
export { dora, percentile, type DoraOptions, type DoraReport, type Kind } from "./metrics.js";
export { deliveryLine, duration, renderJson, renderMarkdown, renderPretty } from "./render.js";
export {
  planLine,
  runLine,
  type LineRun,
  type LineStation,
  type RunOptions,
  type StationOutcome,
  type StationRun,
} from "./line.js";
export { appendLineRun, historyFile, hookRun, readLineHistory } from "./line-history.js";
export {
  budget,
  BudgetInputError,
  samplesOfGithubJobs,
  samplesOfHistory,
  samplesOfJunit,
  type BudgetReport,
  type StationBudget,
  type StationSample,
} from "./budget.js";
