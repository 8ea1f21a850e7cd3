import { hookManagers, type HookManager } from "@paved/stations";
import type { PackageManifest } from "../project.js";
import type { RepoIndex } from "../repo/repo-index.js";

/** A hook manager that installs a pre-commit hook, and where its hook is. */
export interface PreCommitHook {
  manager: HookManager;
  /** The hook's file, or `package.json` for hooks kept in a package.json key. */
  path: string;
  /** The hook's command, where package.json holds it. */
  command?: string;
}

/** The value at a key path of a package.json (`gitHooks` → `pre-commit`). */
function at(manifest: PackageManifest | undefined, keys: readonly string[]): unknown {
  let value: unknown = manifest;
  for (const key of keys) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The major version of husky the root installs, where its range names one (`^4.3.0` is 4);
 * undefined where husky is not a dependency or the range says no version (`latest`, a URL).
 */
export function huskyMajor(root: PackageManifest | undefined): number | undefined {
  const range = { ...root?.dependencies, ...root?.devDependencies }["husky"];
  const major = typeof range === "string" ? /^[\^~>=v\s]*(\d+)/.exec(range)?.[1] : undefined;
  return major === undefined ? undefined : Number(major);
}

/** The repository's pre-commit hook, by the first hook manager that configures one. */
export function preCommitHook(
  index: RepoIndex,
  root: PackageManifest | undefined,
): PreCommitHook | undefined {
  for (const manager of hookManagers) {
    const file = index.first(manager.preCommitFiles);
    if (file) return { manager, path: file };
    // husky 5 and later read neither package.json's `husky.hooks` nor a `precommit` script:
    // with one of them installed, those are left over from husky 4 and install no hook.
    const major = manager.id === "husky" ? huskyMajor(root) : undefined;
    if (major === undefined || major <= 4)
      for (const keys of manager.manifestHooks ?? []) {
        const command = at(root, keys);
        if (typeof command === "string") return { manager, path: "package.json", command };
      }
    // husky 4 and before also ran a package.json script named after the hook (`precommit`),
    // with a deprecation warning; husky 5 and later do not.
    if (major !== undefined && major <= 4)
      for (const name of ["precommit", "pre-commit"]) {
        const command = at(root, ["scripts", name]);
        if (typeof command === "string") return { manager, path: "package.json", command };
      }
  }
  return undefined;
}

/** The hook manager the repository already uses for any hook, for remediations. */
export function hookManagerInUse(
  index: RepoIndex,
  root: PackageManifest | undefined,
): HookManager | undefined {
  const deps = { ...root?.dependencies, ...root?.devDependencies };
  return hookManagers.find(
    (manager) =>
      manager.packages.some((name) => name in deps) ||
      (manager.id === "husky" && index.glob(".husky/*").length > 0),
  );
}
