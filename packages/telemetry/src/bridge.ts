/**
 * Whether pino records should also go out as OpenTelemetry log records, and when: off until
 * telemetry with a logs exporter (or the testing entry) starts; loggers made before stay as they
 * are. The SDK defers each record's making to just after the current I/O callbacks, so that a
 * request's response does not wait for it; the testing entry makes records at once, for tests
 * to assert on.
 */
let mode: "off" | "now" | "deferred" = "off";

export function enableLogBridge(options: { deferred?: boolean } = {}): void {
  mode = options.deferred === true ? "deferred" : "now";
}

export function logBridgeMode(): "off" | "now" | "deferred" {
  return mode;
}

/** Records not made yet: made at the next check phase, or when telemetry flushes. */
let pending: (() => void)[] = [];
let scheduled = false;

/** Runs `make` after the current I/O callbacks (at once when the bridge is not deferred). */
export function afterCallbacks(make: () => void): void {
  if (mode !== "deferred") {
    safely(make);
    return;
  }
  pending.push(make);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drainLogBridge);
  }
}

/** Makes the pending records now: telemetry calls it before it flushes or shuts down. */
export function drainLogBridge(): void {
  scheduled = false;
  const tasks = pending;
  pending = [];
  for (const task of tasks) safely(task);
}

/**
 * A record that cannot be made is dropped: its JSON line is written, and telemetry must never
 * throw into the application (from an immediate, a throw would end the process).
 */
function safely(task: () => void): void {
  try {
    task();
  } catch {
    // dropped, as said above
  }
}
