import { stations } from "./catalogue.js";

export { stations } from "./catalogue.js";
export type { ProjectKind, Station } from "./station.js";

/** Every station id, in line order. */
export type StationId = (typeof stations)[number]["id"];

/** A station that a package.json script runs. */
export type ScriptedStation = (typeof stations)[number] & { script: string };

/**
 * The stations a package.json script runs, in line order: what `paved line` runs and what the
 * pre-commit hook records beside them.
 */
export const scriptedStations: readonly ScriptedStation[] = [...stations]
  .sort((a, b) => a.order - b.order)
  .filter((station): station is ScriptedStation => "script" in station);

/** Looks a station up by id; undefined for an unknown id. */
export function stationById(id: string): (typeof stations)[number] | undefined {
  return stations.find((station) => station.id === id);
}
export {
  detectPackageManager,
  lockfiles,
  packageManagers,
  runtimeLockfiles,
  type DetectedManager,
  type PackageManager,
  type PackageManagerId,
} from "./package-managers.js";
export {
  builders,
  circleciOrbJobs,
  commandInputActions,
  commitBackActions,
  coverageTools,
  formatters,
  hookManagers,
  linters,
  lintStaged,
  nxRunners,
  releaseActions,
  imagePublishActions,
  releaseTools,
  securityScanners,
  styleEnforcingEslintPresets,
  testRunners,
  toolsByStation,
  typeCheckers,
  vitestConfigFiles,
  type HookManager,
  type NxInferredTarget,
  type NxRunner,
  type Tool,
  type ToolStation,
} from "./tools.js";
