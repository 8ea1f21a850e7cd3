export { Facts, defineFact, defineProjectFact, type Fact, type ProjectFact } from "./facts.js";
export * from "./catalogue.js";
export {
  actionsUsed,
  brokenPipelines,
  unreadPipelines,
  commands,
  githubJobs,
  gitlabJobs,
  pipelines,
  soleProvider,
  type Located,
  type Pipeline,
  type PipelineJob,
  type PipelineStep,
} from "./pipelines.js";
export {
  anySegment,
  coverageGate,
  ownToolBins,
  scriptsCalled,
  stationsRun,
  stationsRunIn,
  toolCalls,
  toolsRun,
  toolsRunIn,
  type CallOptions,
  type ToolCall,
} from "./commands.js";
export {
  dirsUp,
  findUp,
  inProject,
  projectRoles,
  type PackageManifest,
  type Project,
  type ProjectRole,
} from "./project.js";
export { isRecord } from "./record.js";
export { readPavedConfig, pavedConfigFile } from "./paved-config.js";
export { declaresWorkspace, readWorkspace, type WorkspaceDefinition } from "./workspace.js";
export {
  diskSource,
  indexDirectory,
  indexMemory,
  isContained,
  memorySource,
  RepoIndex,
  sortedUnder,
  type FileSource,
  type IndexOptions,
  type Read,
} from "./repo/repo-index.js";
export { gitTimeLimit, neutralGitInvocation } from "./repo/git-listing.js";
export {
  classify,
  discoverProjects,
  publishedRoot,
  roleOf,
  maxWorkspaceGlobs,
  maxWorkspacePackages,
  readManifest,
  workspaceGlobs,
} from "./repo/projects.js";
export { compileUntrustedGlob, globBase, globMatcher, GlobError } from "./repo/glob.js";
export { simpleYaml } from "./repo/simple-yaml.js";
export { jsonc, jsYaml, picomatch, re2, sha256 } from "./lazy.js";
export { flatConfigs } from "./tools/eslint-configs.js";
export { lefthookConfigs } from "./tools/hook-configs.js";
export {
  moduleFacts,
  parseModule,
  type ModuleFacts,
  type ParsedModule,
  type Property,
  type StringUse,
} from "./tools/js-module.js";
export {
  compilingConfigs,
  effectiveOptions,
  maxExtendsDepth,
  nearestTsconfig,
  strictFlags,
  type CompilerOptions,
  type Effective,
} from "./tools/tsconfig.js";
export { typeScriptOutsideConfigs } from "./tools/ts-coverage.js";
export { expectedRendering, renderedPipelines, renderer, type Rendering } from "./rendered.js";
export {
  eslintPackageOf,
  legacyEslintTypes,
  parserOption,
  styleEnforcingEslint,
} from "./tools/eslint-style.js";
export { callsOnCommit, commitCommands, type CommitCommands } from "./tools/commit-commands.js";
export {
  coverageConfig,
  coverageGates,
  type CoverageConfig,
  type CoverageGate,
} from "./tools/coverage.js";
export {
  codeowners,
  codeownersFiles,
  type Codeowners,
  type OwnerRule,
} from "./tools/codeowners.js";
export { healthRoutes, type HealthRoutes } from "./tools/health-routes.js";
export {
  imageStart,
  startPreloads,
  type ImageStart,
  type StartPreloads,
} from "./tools/start-preloads.js";
export { securityScans, type SecurityScan } from "./tools/security.js";
export { formatEnforced, type FormatEnforced } from "./tools/format-line.js";
export { formatterOf, linterOf, packageManagerOf } from "./tools/fit.js";
export { hookManagerInUse, huskyMajor, preCommitHook, type PreCommitHook } from "./tools/hooks.js";
export { nxTargetScripts, type OwnNxTarget } from "./tools/nx-targets.js";
export { ownTestFiles, testFiles } from "./tools/test-files.js";
export {
  releaseConfig,
  releaseScript,
  releaseWorkflow,
  type ReleaseEvidence,
} from "./tools/release.js";
export {
  callsOnTheLine,
  configuredFormatter,
  configuredLinter,
  configuredTool,
  lineToolCalls,
  nxProjectTargets,
  type FoundTool,
} from "./tools/tools.js";
