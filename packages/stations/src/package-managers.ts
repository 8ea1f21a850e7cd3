/** The package managers the road fits: how each installs, runs, executes and audits. */
export type PackageManagerId = "pnpm" | "npm" | "yarn" | "bun";

export interface PackageManager {
  id: PackageManagerId;
  /** The lockfiles it writes, most specific first. */
  lockfiles: readonly string[];
  /** Installs exactly the lockfile, failing when it is out of date (CI's install). */
  frozenInstall: string;
  /** Runs a package.json script: the command line, as shown and as CI writes it. */
  run: (script: string) => string;
  /** The same, as the argv to spawn: no string is split, whatever the script's name. */
  runArgv: (script: string) => [string, ...string[]];
  /** Runs a binary of an installed dependency. */
  exec: (command: string) => string;
  /** Adds development dependencies. */
  addDev: (packages: string) => string;
  /** Audits the production dependencies for known vulnerabilities. */
  audit: string;
  /** `actions/setup-node`'s `cache` value, where it supports the manager. */
  setupNodeCache?: string;
}

/** The four run a script alike: `<manager> run <script>`. */
const scriptRunner = (id: PackageManagerId) => ({
  run: (script: string) => `${id} run ${script}`,
  runArgv: (script: string): [string, ...string[]] => [id, "run", script],
});

const yarnBerry = (version: string | undefined) =>
  version !== undefined && Number(version.split(".")[0]) >= 2;

export const packageManagers: Readonly<Record<PackageManagerId, PackageManager>> = {
  pnpm: {
    id: "pnpm",
    lockfiles: ["pnpm-lock.yaml"],
    frozenInstall: "pnpm install --frozen-lockfile",
    ...scriptRunner("pnpm"),
    exec: (command) => `pnpm exec ${command}`,
    addDev: (packages) => `pnpm add -D ${packages}`,
    audit: "pnpm audit --prod",
    setupNodeCache: "pnpm",
  },
  npm: {
    id: "npm",
    lockfiles: ["package-lock.json", "npm-shrinkwrap.json"],
    frozenInstall: "npm ci",
    ...scriptRunner("npm"),
    exec: (command) => `npx --no-install ${command}`,
    addDev: (packages) => `npm i -D ${packages}`,
    audit: "npm audit --omit=dev",
    setupNodeCache: "npm",
  },
  yarn: {
    id: "yarn",
    lockfiles: ["yarn.lock"],
    frozenInstall: "yarn install --frozen-lockfile",
    ...scriptRunner("yarn"),
    exec: (command) => `yarn ${command}`,
    addDev: (packages) => `yarn add -D ${packages}`,
    audit: "yarn audit --groups dependencies",
    setupNodeCache: "yarn",
  },
  bun: {
    id: "bun",
    lockfiles: ["bun.lock", "bun.lockb"],
    frozenInstall: "bun install --frozen-lockfile",
    ...scriptRunner("bun"),
    exec: (command) => `bunx ${command}`,
    addDev: (packages) => `bun add -d ${packages}`,
    audit: "bun audit",
  },
};

/** Every lockfile any of the managers writes. */
export const lockfiles: readonly string[] = Object.values(packageManagers).flatMap(
  (manager) => manager.lockfiles,
);

/**
 * Lockfiles of runtimes that install npm packages themselves (`deno install` writes deno.lock
 * from package.json): they pin the dependencies as surely as a package manager's, but name no
 * package manager, so they are not among `lockfiles`.
 */
export const runtimeLockfiles: readonly string[] = ["deno.lock"];

/** Which package manager a repository uses, its version where pinned, and how that was told. */
export interface DetectedManager {
  manager: PackageManager;
  version?: string;
  lockfile?: string;
  /** How it was decided, for messages: `packageManager in package.json`, `yarn.lock`, … */
  source: string;
}

/**
 * Decides a repository's package manager: the root package.json's `packageManager` (or
 * `devEngines.packageManager`) first, then the lockfile that is committed; npm when neither
 * says. Yarn 2 and later (Berry) install with `--immutable` and audit with `yarn npm audit`.
 */
export function detectPackageManager(
  manifest: Readonly<Record<string, unknown>> | undefined,
  has: (path: string) => boolean,
): DetectedManager {
  const lockfile = lockfiles.find(has);
  const pinned = pinnedManager(manifest);
  const byLockfile = Object.values(packageManagers).find(
    (manager) => lockfile !== undefined && manager.lockfiles.includes(lockfile),
  );
  const manager = pinned?.manager ?? byLockfile ?? packageManagers.npm;
  const version = pinned?.manager === manager ? pinned.version : undefined;
  const source = pinned
    ? `${pinned.field} in package.json`
    : (lockfile ?? "no packageManager field and no lockfile");
  const detected =
    manager.id === "yarn" && (yarnBerry(version) || has(".yarnrc.yml"))
      ? {
          ...manager,
          frozenInstall: "yarn install --immutable",
          audit: "yarn npm audit --environment production",
        }
      : manager;
  return {
    manager: detected,
    ...(version === undefined ? {} : { version }),
    ...(lockfile === undefined ? {} : { lockfile }),
    source,
  };
}

function pinnedManager(
  manifest: Readonly<Record<string, unknown>> | undefined,
): { manager: PackageManager; version?: string; field: string } | undefined {
  const fromField = (value: unknown, field: string) => {
    if (typeof value !== "string") return undefined;
    const match = /^(pnpm|npm|yarn|bun)@(\d+(?:\.\d+){0,2})/.exec(value);
    if (match === null) return undefined;
    return {
      manager: packageManagers[match[1] as PackageManagerId],
      ...(match[2] === undefined ? {} : { version: match[2] }),
      field,
    };
  };
  const devEngines = manifest?.["devEngines"];
  const engine =
    devEngines !== null && typeof devEngines === "object"
      ? (devEngines as { packageManager?: { name?: unknown; version?: unknown } }).packageManager
      : undefined;
  return (
    fromField(manifest?.["packageManager"], "packageManager") ??
    (typeof engine?.name === "string"
      ? fromField(
          `${engine.name}@${typeof engine.version === "string" ? engine.version.replace(/^[\^~>=v ]+/, "") : ""}`,
          "devEngines.packageManager",
        )
      : undefined)
  );
}
