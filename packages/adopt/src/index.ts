export {
  applyPlan,
  assertClean,
  runInstall,
  AdoptError,
  type Applied,
  type Transition,
} from "./apply.js";
export { planDiff, planSummary } from "./diff.js";
export { EditError } from "./edit/error.js";
export type { Fixer, FixContext } from "./fix.js";
export { fixerFor, fixers } from "./fixes/all.js";
export {
  findingFixes,
  planAdopt,
  planFromReport,
  type Plan,
  type PlanOptions,
  type PlannedFix,
  type SkippedFix,
} from "./plan.js";
