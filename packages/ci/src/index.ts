export { actionPins, pinned, renderGithub, type GithubOptions } from "./github.js";
export { nodeImage, renderGitlab, type GitlabOptions } from "./gitlab.js";
export { renderFleetGithub, renderFleetGitlab, type FleetPipelineOptions } from "./fleet.js";
export { inspect, providers, stationScripts, type Provider, type Rendered } from "./line.js";
export { renderUpdates, updateBots, updateConfigFiles, type UpdateBot } from "./updates.js";
export {
  defaultNode,
  detectToolchain,
  roadToolchain,
  type NodePin,
  type Toolchain,
} from "./toolchain.js";
export {
  inputFiles,
  pipelineInputs,
  renderPipeline,
  scriptsOf,
  type PipelineInputs,
} from "./inputs.js";
