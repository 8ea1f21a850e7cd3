import { stations, type Station } from "@paved/stations";

/** Where a pipeline runs: the CI services the preset renders for. */
export const providers = ["github", "gitlab"] as const;
export type Provider = (typeof providers)[number];

/** The script each station runs in CI, when the package defines it: the catalogue's. */
export const stationScripts: readonly { station: string; script: string }[] = stations.flatMap(
  (station: Station) =>
    station.script === undefined ? [] : [{ station: station.id, script: station.script }],
);

export interface Rendered {
  /** Path relative to the repository root → file content. */
  files: Map<string, string>;
  /** Stations with no script to run them: the package should define these. */
  missing: string[];
}

/** What both providers' pipelines run: the stations the package has a script for, in order. */
export interface Line {
  steps: { station: string; script: string; title: string }[];
  missing: string[];
  /** In an Nx workspace the stations' scripts are also the projects' target names. */
  affectedTargets: string[];
}

export function line(scripts: Readonly<Record<string, string>>): Line {
  const order = new Map(stations.map((station) => [station.id as string, station.order]));
  const title = (id: string) => stations.find((station) => station.id === id)?.title ?? id;
  const steps = stationScripts
    .filter(({ script }) => scripts[script] !== undefined)
    .sort((a, b) => (order.get(a.station) ?? 0) - (order.get(b.station) ?? 0))
    .map((step) => ({ ...step, title: title(step.station) }));
  const missing = stationScripts
    .filter(({ script }) => scripts[script] === undefined)
    .map(({ station }) => station);
  const affectedTargets = steps
    .filter(({ station }) => station !== "format")
    .map(({ script }) => script);
  return { steps, missing, affectedTargets };
}

const headerPattern = /^# paved-ci: (\S+) sha256:([0-9a-f]{64})\n/;

/** `node:crypto` loads on first use: `paved audit` bundles this module but rarely hashes. */
const sha256 = (text: string): string =>
  process.getBuiltinModule("node:crypto").createHash("sha256").update(text).digest("hex");

/**
 * The header that marks a rendered file: the preset's version and a hash of the rest of the
 * file. An edit by hand changes the content but not the hash, so a slip shows; anyone can
 * recompute the hash, so it proves nothing. The auditor (ci/pipeline-intact) and
 * `paved ci --check` compare the file with what the preset renders instead.
 */
export function withHeader(body: string, version: string): string {
  const hash = sha256(body);
  return `# paved-ci: ${version} sha256:${hash}\n${body}`;
}

/**
 * The one reader of the header, for the CLI and the auditor: whether a file says it was rendered
 * by the preset, by which version, and whether its hash still matches (an honest edit shows).
 */
export function inspect(text: string): { generated: boolean; intact: boolean; version?: string } {
  const match = headerPattern.exec(text);
  if (!match) return { generated: false, intact: false };
  const body = text.slice(match[0].length);
  const hash = sha256(body);
  return { generated: true, intact: hash === match[2], version: match[1] ?? "" };
}
