import { stations } from "./catalogue.js";

export { stations } from "./catalogue.js";
export type { ProjectKind, Station } from "./station.js";

/** Every station id, in line order. */
export type StationId = (typeof stations)[number]["id"];

/** Looks a station up by id; undefined for an unknown id. */
export function stationById(id: string): (typeof stations)[number] | undefined {
  return stations.find((station) => station.id === id);
}
export {
  detectPackageManager,
  lockfiles,
  packageManagers,
  type DetectedManager,
  type PackageManager,
  type PackageManagerId,
} from "./package-managers.js";
export {
  builders,
  formatters,
  hookManagers,
  linters,
  lintStaged,
  releaseActions,
  releaseTools,
  styleEnforcingEslintPresets,
  testRunners,
  toolsByStation,
  typeCheckers,
  type HookManager,
  type Tool,
  type ToolStation,
} from "./tools.js";
