import { startReceiver, type Receiver } from "@paved/telemetry/receiver";
import { commandError, parseCommand, usageError, type CliResult } from "../io.js";
import { exportPrinter } from "./telemetry-format.js";

export const telemetryHelp = `Usage: paved telemetry tail [--port N]

Starts a local OTLP/HTTP receiver on 127.0.0.1 and prints the spans, metric points and log
records a service sends it, one line each, as they arrive: the feedback loop of the telemetry
station on your own machine. Run the service with @paved/telemetry pointed at it:

  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 node --import @paved/telemetry/register dist/main.js

It reads OTLP in protobuf and JSON, gzipped or not, up to 16 MiB per request; what it prints
comes from the network and is shown with control characters escaped. Ctrl-C stops it.

Options:
  --port N     the port to listen on (default 4318, OTLP/HTTP's; 0 for any free port)
  -h, --help   print this help

Exit codes: 0 stopped by Ctrl-C, 1 the port cannot be listened on, 2 usage.
`;

const tailOptions = {
  port: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Where the tail prints, and what stops it (Ctrl-C in bin.ts, the end of a test). */
export interface TailIo {
  write(text: string): void;
  /** What the receiver says about itself (listening, stopped): standard error. */
  note(text: string): void;
  stopped: Promise<unknown>;
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return 4318;
  const port = Number(value);
  return /^\d+$/.test(value) && port <= 65_535 ? port : undefined;
}

/** `paved telemetry tail`: runs until `io.stopped` resolves. */
export async function runTelemetryCommand(argv: readonly string[], io: TailIo): Promise<CliResult> {
  const outcome = parseCommand("telemetry", argv, tailOptions, telemetryHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  if (positionals[0] !== "tail" || positionals.length > 1)
    return usageError("telemetry", `the subcommand is tail; got '${positionals.join(" ")}'.`);
  const port = portOf(values.port);
  if (port === undefined)
    return usageError(
      "telemetry",
      `--port must be a port from 0 to 65535; got '${values.port ?? ""}'.`,
    );
  let receiver: Receiver;
  const print = exportPrinter();
  try {
    receiver = await startReceiver({
      port,
      onExport: (decoded) => {
        io.write(print(decoded));
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EADDRINUSE"
        ? `127.0.0.1:${String(port)} is in use (a collector, or another tail?); pick another with --port.`
        : `cannot listen on 127.0.0.1:${String(port)} (${code ?? String(error)}).`;
    return { exitCode: 1, stdout: "", stderr: commandError("telemetry", reason) };
  }
  io.note(
    `paved telemetry tail: listening on ${receiver.url}; run the service with OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.url}. Ctrl-C stops.\n`,
  );
  await io.stopped;
  await receiver.close();
  const counts = `${String(receiver.spans.length)} spans, ${String(receiver.metrics.length)} metrics, ${String(receiver.logs.length)} log records`;
  return { exitCode: 0, stdout: "", stderr: `paved telemetry tail: stopped after ${counts}.\n` };
}
