export {
  actionPins,
  inspect,
  pinned,
  renderGithub,
  stationScripts,
  type GithubOptions,
  type Rendered,
} from "./github.js";
export { renderUpdates, updateConfigFiles, type UpdateBot } from "./updates.js";
