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
