// A real npm registry for end-to-end tests: tools/registry's Verdaccio on a free local port,
// with its own storage in a temporary directory. The workspace's packages live only there
// (published from this workspace's builds, exactly as `pnpm publish` packs them); everything
// else is proxied from the public registry. Nothing is written to the user's npm or pnpm
// configuration.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  freePort as freeLocalPort,
  launch,
  login,
  publicPackages,
  publishWorkspace as publishAll,
  waitFor,
} from "../registry/registry.mjs";

export interface Registry {
  url: string;
  /** An .npmrc with the registry and a token for it, for NPM_CONFIG_USERCONFIG. */
  npmrc: string;
  /** The registry's own directory (storage, config), removed by stop(). */
  home: string;
  stop(): Promise<void>;
}

export const freePort = (): Promise<number> => freeLocalPort() as Promise<number>;

const root = join(import.meta.dirname, "..", "..");

export async function startRegistry(): Promise<Registry> {
  const home = mkdtempSync(join(tmpdir(), "paved-registry-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${String(port)}`;
  const names = publicPackages(root).map((entry: { name: string }) => entry.name);
  const { child, output } = launch(home, port, names);
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await waitFor(url, child, output);
    const npmrc = await login(url, home, "paved-e2e-password");
    return { url, npmrc, home, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Publishes every public package of this workspace to the registry; returns their names. */
export function publishWorkspace(workspace: string, registry: Registry): string[] {
  return Object.keys(publishAll(workspace, registry.url, registry.npmrc));
}
