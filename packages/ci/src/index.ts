export { actionPins, pinned, renderGithub, type GithubOptions } from "./github.js";
export { nodeImage, renderGitlab, type GitlabOptions } from "./gitlab.js";
export { inspect, stationScripts, type Rendered } from "./line.js";
export { renderUpdates, updateConfigFiles, type UpdateBot } from "./updates.js";
