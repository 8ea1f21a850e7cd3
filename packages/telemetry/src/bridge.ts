/**
 * Whether pino records should also go out as OpenTelemetry log records: true once telemetry
 * with a logs exporter (or the testing entry) has started. Loggers made before stay as they are.
 */
let enabled = false;

export function enableLogBridge(): void {
  enabled = true;
}

export function logBridgeEnabled(): boolean {
  return enabled;
}
