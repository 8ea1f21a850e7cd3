export {
  actionPins,
  inspect,
  pinned,
  renderGithub,
  stationScripts,
  type GithubOptions,
  type Rendered,
} from "./github.js";
