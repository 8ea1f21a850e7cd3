export { Facts, defineFact, defineProjectFact, type Fact, type ProjectFact } from "./facts.js";
export * from "./catalogue.js";
export {
  actionsUsed,
  brokenPipelines,
  commands,
  githubJobs,
  gitlabJobs,
  pipelines,
  type Located,
  type Pipeline,
  type PipelineJob,
  type PipelineStep,
} from "./pipelines.js";
export { anySegment, scriptsCalled, stationsRun, stationsRunIn } from "./commands.js";
export { dirsUp, findUp, inProject, type PackageManifest, type Project } from "./project.js";
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
export {
  classify,
  discoverProjects,
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
export { parseModule, type ModuleFacts, type ParsedModule } from "./tools/js-module.js";
export {
  compilingConfigs,
  effectiveOptions,
  maxExtendsDepth,
  nearestTsconfig,
  strictFlags,
  type CompilerOptions,
  type Effective,
} from "./tools/tsconfig.js";
export { expectedRendering, renderedPipelines, renderer, type Rendering } from "./rendered.js";
