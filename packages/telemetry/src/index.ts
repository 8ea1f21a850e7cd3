export {
  defaultIgnorePaths,
  resolveConfig,
  type Environment,
  type TelemetryConfig,
} from "./config.js";
export { installModuleHook } from "./hook.js";
export { createLogger, traceFields, type CreateLoggerOptions } from "./logger.js";
export { parseResourceAttributes } from "./resource.js";
export { currentTelemetry, startTelemetry, type Telemetry, type TelemetryOptions } from "./sdk.js";
export { handleSignals, shutdownTelemetry } from "./shutdown.js";
