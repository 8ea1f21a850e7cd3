export {
  audit,
  auditIndex,
  UsageError,
  reportSchemaVersion,
  type AuditOptions,
  type Report,
} from "./audit.js";
export type {
  Finding,
  FindingFix,
  Location,
  Outcome,
  Project,
  RuleMeta,
  Severity,
  Verdict,
} from "./model.js";
export { indexDirectory, indexMemory, RepoIndex, type Read } from "@paved/facts";
export { discoverProjects } from "@paved/facts";
export { rules } from "./rules/all.js";
export type { Rule } from "./rules/define.js";
export { markdownCode, markdownText, terminalText } from "./report/escape.js";
export { renderJson } from "./report/json.js";
export { renderMarkdown } from "./report/markdown.js";
export { renderPretty } from "./report/pretty.js";
export { fixKey, renderSarif } from "./report/sarif.js";
export { score, type BlindSpot, type StationResult, type StationStatus } from "./score.js";
export {
  applyBaseline,
  createBaseline,
  fingerprint,
  readBaseline,
  type Baseline,
  type BaselineSummary,
} from "./baseline.js";
export { applyConfig, type ConfigSummary } from "./config/apply.js";
export {
  ConfigError,
  ruleMatches,
  validateConfig,
  type PavedConfig,
  type Waiver,
} from "./config/config.js";
export { loadExternalConfig, parseConfig, repositoryConfigFile } from "./config/load.js";
export { outcomes, runRule } from "./rules/rule-tester.js";
