import { spawn } from "node:child_process";
import { detectPackageManager, scriptedStations, type PackageManager } from "@paved/stations";

/** One station of a repository's own line: the script that runs it, with its package manager. */
export interface LineStation {
  id: string;
  title: string;
  script: string;
  /** The command line, as shown: `pnpm run lint`. */
  command: string;
  /** The same, as run: the package manager running the script, never a string split. */
  argv: [string, ...string[]];
}

export type StationOutcome = "pass" | "fail" | "interrupted" | "not-run";

export interface StationRun {
  id: string;
  script: string;
  command: string;
  durationMs: number;
  outcome: StationOutcome;
  exitCode: number | null;
  /** What the failure looked like, where it is recognisable: `type error TS2322`. */
  signature?: string;
}

export interface LineRun {
  schemaVersion: 1;
  /** Who ran it: `paved line` (also when absent), or the pre-commit hook recording itself. */
  origin?: "line" | "pre-commit";
  /** ISO 8601 start of the run. */
  time: string;
  commit?: string;
  outcome: "pass" | "fail" | "interrupted";
  keepGoing: boolean;
  durationMs: number;
  stations: StationRun[];
}

/**
 * The repository's line: each station of the catalogue that has a script, in line order, that
 * the package defines, run with its package manager; `only` limits it to some stations.
 */
export function planLine(
  manifest: Readonly<Record<string, unknown>>,
  has: (path: string) => boolean,
  only?: readonly string[],
): { stations: LineStation[]; manager: PackageManager; missing: string[] } {
  const { manager } = detectPackageManager(manifest, has);
  const scripts = (manifest["scripts"] ?? {}) as Record<string, unknown>;
  const line: LineStation[] = [];
  const missing: string[] = [];
  for (const { id, title, script } of scriptedStations) {
    if (only !== undefined && !only.includes(id)) continue;
    if (typeof scripts[script] !== "string") {
      missing.push(id);
      continue;
    }
    line.push({ id, title, script, command: manager.run(script), argv: manager.runArgv(script) });
  }
  return { stations: line, manager, missing };
}

/** Failures a cheaper, earlier station exists to catch, recognised in a station's output. */
const signatures: [RegExp, (match: RegExpExecArray) => string][] = [
  [/error (TS\d{4,5})\b/, (match) => `type error ${match[1] ?? ""}`],
  [/\b(TypeError|ReferenceError|SyntaxError): /, (match) => `${match[1] ?? ""} at run time`],
];

function signatureOf(text: string): string | undefined {
  for (const [pattern, name] of signatures) {
    const match = pattern.exec(text);
    if (match !== null) return name(match);
  }
  return undefined;
}

export interface RunOptions {
  cwd: string;
  keepGoing: boolean;
  env: NodeJS.ProcessEnv;
  /** Progress lines (stderr); the stations' own output passes through to `output`. */
  progress: (line: string) => void;
  output: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
}

/** How a station's process ended. */
interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  interrupted: boolean;
  signature?: string;
}

/** Runs one station, its output passed through and scanned; a signal to Paved reaches it too. */
function runStation(station: LineStation, options: RunOptions): Promise<Ended> {
  return new Promise((resolve) => {
    const [command, ...args] = station.argv;
    // Its own process group: a signal to Paved reaches the whole station (npm, its shell, the
    // tool), not only the package manager, which may not pass it on.
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let interrupted = false;
    // Kept short: only the start of the output names the first failure.
    let seen = "";
    const scan = (chunk: Buffer) => {
      if (seen.length < 256 * 1024) seen += chunk.toString("utf8");
    };
    child.stdout.on("data", (chunk: Buffer) => {
      scan(chunk);
      options.output.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      scan(chunk);
      options.output.stderr.write(chunk);
    });
    const forward = (signal: NodeJS.Signals) => {
      interrupted = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      const signature = code === 0 ? undefined : signatureOf(seen);
      resolve({ code, signal, interrupted, ...(signature === undefined ? {} : { signature }) });
    };
    child.on("error", () => {
      done(127, null);
    });
    child.on("close", done);
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs the line station by station, in order, timing each; stops at the first failing station
 * (the andon cord) unless `keepGoing`. SIGINT or SIGTERM stops the running station and ends the
 * run as interrupted; the stations after it are recorded as not run.
 */
export async function runLine(
  stationsToRun: readonly LineStation[],
  options: RunOptions,
): Promise<LineRun> {
  const start = Date.now();
  const runs: StationRun[] = [];
  let outcome: LineRun["outcome"] = "pass";
  for (const station of stationsToRun) {
    if (outcome === "interrupted" || (outcome === "fail" && !options.keepGoing)) {
      runs.push({
        id: station.id,
        script: station.script,
        command: station.command,
        durationMs: 0,
        outcome: "not-run",
        exitCode: null,
      });
      continue;
    }
    options.progress(`▶ ${station.title} (${station.command})`);
    const began = Date.now();
    const ended = await runStation(station, options);
    const durationMs = Date.now() - began;
    const stationOutcome: StationOutcome = ended.interrupted
      ? "interrupted"
      : ended.code === 0
        ? "pass"
        : "fail";
    runs.push({
      id: station.id,
      script: station.script,
      command: station.command,
      durationMs,
      outcome: stationOutcome,
      exitCode: ended.code,
      ...(ended.signature === undefined ? {} : { signature: ended.signature }),
    });
    if (stationOutcome === "pass") options.progress(`✓ ${station.title} ${seconds(durationMs)}`);
    else if (stationOutcome === "interrupted") {
      options.progress(
        `■ ${station.title} interrupted after ${seconds(durationMs)}; the run is recorded as interrupted.`,
      );
      outcome = "interrupted";
    } else {
      options.progress(
        `✗ ${station.title} failed (exit ${String(ended.code ?? ended.signal)}) after ${seconds(durationMs)}${ended.signature === undefined ? "" : `: ${ended.signature}`}${options.keepGoing ? "" : ". The line stops here (andon): fix it, or run with --keep-going to see the rest."}`,
      );
      outcome = "fail";
    }
  }
  return {
    schemaVersion: 1,
    time: new Date(start).toISOString(),
    outcome,
    keepGoing: options.keepGoing,
    durationMs: Date.now() - start,
    stations: runs,
  };
}
