import { register as registerAsync } from "node:module";
import { register, supportsSyncHooks } from "import-in-the-middle/register-hooks.mjs";

/**
 * The modules whose ESM imports must reach the instrumentation: Node's HTTP server and client.
 * Fastify and undici report through diagnostics channels and need no hook; hooking nothing else
 * keeps every other import as fast as without telemetry.
 */
export const hookedModules = ["http", "https", "node:http", "node:https"];

let installed: "sync" | "async" | undefined;

/**
 * Installs import-in-the-middle's module hook, so that instrumentation reaches modules the
 * application imports as ESM; a bare `--import` of an SDK patches only `require()`. Where Node
 * runs hooks on the main thread (`module.registerHooks`: 22.22.3+, 24.11.1+, 25.1+) the hook is
 * synchronous there; on older 22.x and 24.x it falls back to `module.register`, off-thread.
 * Must run before the application imports what it hooks.
 */
export function installModuleHook(): "sync" | "async" {
  if (installed !== undefined) return installed;
  if (supportsSyncHooks()) {
    register({ include: hookedModules });
    installed = "sync";
  } else {
    // The off-thread loader is deprecated where registerHooks works; here it does not.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    registerAsync("import-in-the-middle/hook.mjs", import.meta.url, {
      data: { include: hookedModules },
    });
    installed = "async";
  }
  return installed;
}
