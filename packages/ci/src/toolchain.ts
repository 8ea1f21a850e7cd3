import { detectPackageManager, packageManagers, type PackageManager } from "@paved/stations";

/** Where the jobs take their Node version from. */
export interface NodePin {
  /** A file `actions/setup-node` reads (`.nvmrc`, `.node-version`, `package.json`). */
  file?: string;
  /** The version (or range) it names, where known: GitLab's image tag needs one. */
  version?: string;
  /** How it was found, for messages. */
  source: string;
}

/** The repository's own tools, which the pipeline must use. */
export interface Toolchain {
  manager: PackageManager;
  /** Whether package.json pins the manager's version (`packageManager`, devEngines). */
  managerPinned: boolean;
  /** The committed lockfile, if any: without one, the frozen install fails until it is. */
  lockfile?: string;
  node: NodePin;
}

/** The road's own setting: pnpm pinned by `packageManager`, its lockfile, Node from `.nvmrc`. */
export const roadToolchain: Toolchain = {
  manager: packageManagers.pnpm,
  managerPinned: true,
  lockfile: "pnpm-lock.yaml",
  node: { file: ".nvmrc", source: ".nvmrc" },
};

/** Node's version when a repository pins none: the active LTS line the road targets. */
export const defaultNode = "24";

const versionIn = (text: string) => /v?(\d+(?:\.\d+){0,2})/.exec(text)?.[1];

/** What a repository says about Node: `.nvmrc`, `.node-version`, then Volta and `engines`. */
function nodePin(read: (path: string) => string | undefined, manifest: Manifest): NodePin {
  for (const file of [".nvmrc", ".node-version"]) {
    const text = read(file);
    if (text !== undefined && text.trim() !== "") {
      const version = /^v?(\d+(?:\.\d+){0,2})\s*$/.exec(text.trim())?.[1];
      return { file, ...(version === undefined ? {} : { version }), source: file };
    }
  }
  const volta = (manifest?.["volta"] as { node?: unknown } | undefined)?.node;
  const engines = (manifest?.["engines"] as { node?: unknown } | undefined)?.node;
  for (const [value, source] of [
    [volta, "volta.node in package.json"],
    [engines, "engines.node in package.json"],
  ] as const) {
    const version = typeof value === "string" ? versionIn(value) : undefined;
    // setup-node reads Volta's pin, then engines, from package.json itself.
    if (version !== undefined) return { file: "package.json", version, source };
  }
  return { version: defaultNode, source: "no Node pin" };
}

type Manifest = Readonly<Record<string, unknown>> | undefined;

/**
 * Detects the toolchain of the repository at hand from its files, and says what the pipeline
 * cannot take from it (each a line for stderr): no Node pin, no lockfile, pnpm not pinned.
 */
export function detectToolchain(
  read: (path: string) => string | undefined,
  has: (path: string) => boolean,
  manifest: Manifest,
): { toolchain: Toolchain; notes: string[] } {
  const detected = detectPackageManager(manifest, has);
  const node = nodePin(read, manifest);
  const notes: string[] = [];
  if (node.file === undefined)
    notes.push(
      `No Node version is pinned (.nvmrc, .node-version, or volta/engines in package.json): the jobs run Node ${defaultNode}. Write the version you use into .nvmrc.`,
    );
  if (detected.lockfile === undefined)
    notes.push(
      `No lockfile is committed: the jobs install with '${detected.manager.frozenInstall}', which fails until you commit the ${detected.manager.lockfiles[0] ?? "lockfile"} that ${detected.manager.id} install writes.`,
    );
  if (detected.manager.id === "pnpm" && detected.version === undefined)
    notes.push(
      `package.json does not pin pnpm ("packageManager"): the jobs install pnpm ${pnpmMajor}. Add "packageManager": "pnpm@<version>" to pin it.`,
    );
  return {
    toolchain: {
      manager: detected.manager,
      managerPinned: detected.version !== undefined,
      ...(detected.lockfile === undefined ? {} : { lockfile: detected.lockfile }),
      node,
    },
    notes,
  };
}

/** The pnpm major installed where a repository pins none. */
export const pnpmMajor = "10";

/**
 * The install command of a toolchain: always frozen to the lockfile. A repository without one
 * yet (a freshly generated one) is told to commit it; CI never resolves dependencies anew.
 */
export const installCommand = (toolchain: Toolchain): string => toolchain.manager.frozenInstall;

/** The lockfile the jobs key their cache on: the committed one, else the one to commit. */
export const lockfileOf = (toolchain: Toolchain): string =>
  toolchain.lockfile ?? toolchain.manager.lockfiles[0] ?? "package-lock.json";

/** Whether the manager needs corepack to be enabled on a stock Node image (pnpm, Yarn Berry). */
export const needsCorepack = (toolchain: Toolchain): boolean =>
  toolchain.manager.id === "pnpm" ||
  (toolchain.manager.id === "yarn" && toolchain.manager.frozenInstall.includes("--immutable"));
