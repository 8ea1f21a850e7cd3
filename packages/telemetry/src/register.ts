/**
 * `node --import @paved/telemetry/register ./dist/main.js`: installs the module hook, then starts
 * OpenTelemetry before any application module loads, and flushes it on SIGTERM and SIGINT.
 * The SDK is imported only after the hook is in place, so that what it instruments is hooked.
 */
import { installModuleHook } from "./hook.js";

installModuleHook();
const { startTelemetry } = await import("./sdk.js");
const { handleSignals } = await import("./shutdown.js");
handleSignals(startTelemetry());
