export { bandOf, bandsSource, type Band } from "./bands.js";
export {
  deploymentsOf,
  DeploymentsError,
  type Deployment,
  type DeploymentSource,
} from "./deployments.js";
export { HistoryError, readHistory, type Commit, type History, type Tag } from "./history.js";
export { dora, percentile, type DoraOptions, type DoraReport, type Kind } from "./metrics.js";
export { duration, renderJson, renderMarkdown, renderPretty } from "./render.js";
export {
  planLine,
  runLine,
  type LineRun,
  type LineStation,
  type RunOptions,
  type StationOutcome,
  type StationRun,
} from "./line.js";
export { appendLineRun, historyFile, readLineHistory } from "./line-history.js";
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
