import { lstatSync, mkdirSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/** Who runs paved: the cache is theirs alone. Undefined where there are no uids (Windows). */
const currentUid = (): number | undefined => process.getuid?.();

/** A directory only `uid` can write to: not a link, owned by it, no group or world write. */
function ownedPrivately(dir: string, uid: number | undefined): boolean {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return false;
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
}

/**
 * Paved's per-user compile cache, `$XDG_CACHE_HOME/paved/compile-cache` (or under
 * `~/.cache`), created 0700. Node's default lives in the shared temporary directory, where
 * another user can create it first and feed code to whoever runs paved next (root included);
 * so a directory that someone else owns or can write to is refused: no cache at all.
 */
export function compileCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = currentUid(),
): string | undefined {
  const xdg = env["XDG_CACHE_HOME"];
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), ".cache");
  const paved = join(base, "paved");
  const dir = join(paved, "compile-cache");
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  return ownedPrivately(paved, uid) && ownedPrivately(dir, uid) ? dir : undefined;
}

/**
 * Caches the compiled code of the CLI and its dependencies between runs: start-up is most of
 * an audit's time on a small repository. A NODE_COMPILE_CACHE the user set is Node's, not ours.
 */
export function enableOwnCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  if (env["NODE_COMPILE_CACHE"] !== undefined || env["NODE_DISABLE_COMPILE_CACHE"] !== undefined)
    return;
  const dir = compileCacheDir(env);
  if (dir !== undefined) enableCompileCache(dir);
}
