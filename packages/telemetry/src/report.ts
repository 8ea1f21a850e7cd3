import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { printable } from "./printable.js";

/** Where the preset says what goes wrong: standard error, one line each, unless told otherwise. */
export type Write = (line: string) => void;

export const stderrWrite: Write = (line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * Says each problem once, each line printable (no secrets, no control characters). A collector
 * that is down fails every export, every few seconds, for as long as it is down: the first
 * failure of each signal is reported, the rest are not until an export succeeds again, which is
 * reported too.
 */
export class Reporter {
  readonly #write: Write;
  readonly #failing = new Set<string>();
  readonly #said = new Set<string>();

  constructor(write: Write = stderrWrite) {
    this.#write = write;
  }

  /** Says it, once per distinct message (numbers aside: "dropped 12 spans" is said once). */
  once(message: string): void {
    const key = message.replace(/\d+/g, "N");
    if (this.#said.has(key)) return;
    // A bounded memory of what was said: a pathological stream of distinct messages cannot grow it.
    if (this.#said.size >= 100) return;
    this.#said.add(key);
    this.#say(message);
  }

  warn(message: string): void {
    this.#say(message);
  }

  #say(message: string): void {
    this.#write(printable(`paved/telemetry: ${message}`));
  }

  /** An export's outcome for one signal's destination. */
  result(label: string, result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.#failing.delete(label)) this.#say(`exporting ${label} works again.`);
      return;
    }
    if (this.#failing.has(label)) return;
    this.#failing.add(label);
    const message = result.error?.message.replace(/\s+/g, " ").trim().slice(0, 200) ?? "";
    const reason = message === "" ? "the export failed" : message;
    this.#say(
      `cannot export ${label} (${reason}). The service goes on; this telemetry is dropped until the collector answers. Further failures are not logged.`,
    );
  }

  /** Whether some signal is failing now (its errors are already reported). */
  get failing(): boolean {
    return this.#failing.size > 0;
  }
}

/** What every signal's exporter has: export, shutdown, and perhaps forceFlush. */
export interface ExporterLike {
  // A method's parameters are compared both ways: any signal's exporter fits `never` here.
  export(items: never, resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** The exporter, with every export's outcome told to the reporter. */
export function reported<E extends ExporterLike>(
  exporter: E,
  label: string,
  reporter: Reporter,
): E {
  const wrapper: ExporterLike & Record<string, unknown> = {
    export(items, resultCallback) {
      exporter.export(items, (result) => {
        reporter.result(label, result);
        resultCallback(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
  // A metric exporter also chooses temporality and aggregation.
  for (const key of ["selectAggregationTemporality", "selectAggregation"]) {
    const method = (exporter as unknown as Record<string, unknown>)[key];
    if (typeof method === "function") wrapper[key] = method.bind(exporter);
  }
  return wrapper as unknown as E;
}
