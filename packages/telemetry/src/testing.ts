import { context, logs, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type ReadableLogRecord,
} from "@opentelemetry/sdk-logs";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { enableLogBridge } from "./bridge.js";
import { defaultIgnorePaths } from "./config.js";
import { instrumentFastify } from "./fastify.js";

/** A reader that collects when asked, for tests. */
class CollectingReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface TestTelemetry {
  /** Spans ended so far, oldest first. */
  spans(): ReadableSpan[];
  /** Log records emitted so far (through `createLogger` or the logs API). */
  logRecords(): ReadableLogRecord[];
  /** The metrics recorded so far, collected now. */
  collectMetrics(): Promise<ResourceMetrics>;
  /** Forgets the spans and log records so far. */
  reset(): void;
  /** Unregisters everything, so that another test can start afresh. */
  shutdown(): Promise<void>;
}

/**
 * In-memory telemetry for a service's own tests: spans, log records and metrics are kept in
 * memory, synchronously, to assert on. Fastify apps created afterwards are instrumented (also
 * through `app.inject()`), as is undici's `fetch`; health routes are left out as in production.
 */
export function createTestTelemetry(options: { serviceName?: string } = {}): TestTelemetry {
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName ?? "test" });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
  });
  const logExporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ resource, readers: [reader] });

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  logs.setGlobalLoggerProvider(loggerProvider);
  enableLogBridge();
  const stopFastify = instrumentFastify(new Set(defaultIgnorePaths));
  const unregisterUndici = registerInstrumentations({
    instrumentations: [new UndiciInstrumentation()],
    tracerProvider,
    meterProvider,
    loggerProvider,
  });
  const unregister = () => {
    stopFastify();
    unregisterUndici();
  };

  return {
    spans: () => spanExporter.getFinishedSpans().slice(),
    logRecords: () => logExporter.getFinishedLogRecords().slice(),
    async collectMetrics() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics;
    },
    reset() {
      spanExporter.reset();
      logExporter.reset();
    },
    async shutdown() {
      unregister();
      await Promise.allSettled([
        tracerProvider.shutdown(),
        meterProvider.shutdown(),
        loggerProvider.shutdown(),
      ]);
      trace.disable();
      metrics.disable();
      logs.disable();
      propagation.disable();
      context.disable();
    },
  };
}
