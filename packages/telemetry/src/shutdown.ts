import { constants } from "node:os";
import { currentTelemetry, type Telemetry } from "./sdk.js";

/**
 * Flushes and stops the process's telemetry within `timeoutMillis` (default
 * PAVED_TELEMETRY_SHUTDOWN_TIMEOUT, 5 s), for applications that handle their own signals: call
 * it after the server has stopped taking requests, before the process exits. Resolves true when
 * everything buffered was exported; a no-op without telemetry.
 */
export function shutdownTelemetry(timeoutMillis?: number): Promise<boolean> {
  return currentTelemetry()?.shutdown(timeoutMillis) ?? Promise.resolve(true);
}

const handled = new WeakSet<Telemetry>();

/**
 * On SIGTERM and SIGINT, flushes and stops the telemetry within its shutdown timeout, then lets
 * the signal end the process as it would have without telemetry; where the signal would be
 * ignored (PID 1 in a container), it exits with 128 + the signal's number, as a shell reports it.
 * An application that listens for the signal itself keeps control of when the process ends:
 * telemetry then flushes what is buffered at once and leaves the rest to the application's
 * `shutdownTelemetry()`.
 */
export function handleSignals(
  telemetry: Telemetry,
  signals: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"],
): void {
  if (!telemetry.enabled || handled.has(telemetry)) return;
  handled.add(telemetry);
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) {
      void telemetry.forceFlush();
      return;
    }
    void telemetry.shutdown().finally(() => {
      for (const each of signals) process.removeListener(each, onSignal);
      process.kill(process.pid, signal);
      // Still here: the signal was ignored, as it is for PID 1 in a container without a handler.
      process.exit(128 + constants.signals[signal]);
    });
  };
  for (const signal of signals) process.on(signal, onSignal);
}
