// ./dev registry start|stop|status — a local npm registry serving this workspace's build.
//
//   start   build, start Verdaccio on 127.0.0.1 in the background (or reuse the running one),
//           publish what changed, print "registry: http://127.0.0.1:PORT/"
//   stop    stop it; no process is left behind
//   status  say whether it runs and what it serves (exit 0 when it runs, 3 when it does not)
//
// Its storage, log and state live in $PAVED_REGISTRY_DIR (default: $XDG_CACHE_HOME or ~/.cache,
// then paved-registry). Nothing is written to the user's npm or pnpm configuration.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  answers,
  defaultPort,
  freePort,
  launch,
  login,
  publicPackages,
  publishWorkspace,
  waitFor,
} from "./registry.mjs";

const root = join(import.meta.dirname, "..", "..");
const home =
  process.env.PAVED_REGISTRY_DIR ||
  join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "paved-registry");
const stateFile = join(home, "state.json");
const say = (line) => process.stderr.write(`registry: ${line}\n`);

class UsageError extends Error {}

/** What the last start left: { pid, port, password, served } (served: name → version, hash). */
function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, "utf8"));
  } catch {
    return {};
  }
}

function writeState(state) {
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

const urlOf = (port) => `http://127.0.0.1:${String(port)}`;

/** True when pid is alive and is the Verdaccio started for this directory. */
function ours(pid) {
  if (typeof pid !== "number" || !isAlive(pid)) return false;
  try {
    // Verdaccio renames its process, but it runs in its directory (Linux tells); elsewhere a
    // live pid with an answering port must do.
    return realpathSync(`/proc/${String(pid)}/cwd`) === realpathSync(home);
  } catch {
    return true;
  }
}

async function running(state) {
  return ours(state.pid) && state.port !== undefined && (await answers(urlOf(state.port)));
}

function build() {
  say("building the workspace (nx run-many -t build)");
  const run = spawnSync("nx", ["run-many", "-t", "build", "--outputStyle=static"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NX_TUI: "false" },
  });
  if (run.status !== 0) throw new Error("the build failed; fix it, then run ./dev registry start.");
}

/**
 * One start at a time per directory: two would both find the port free, and the loser's state
 * would hide the winner's process. A lock whose holder died is taken over.
 */
async function locked(task) {
  const lock = join(home, "start.lock");
  try {
    writeFileSync(lock, String(process.pid), { flag: "wx" });
  } catch {
    const holder = Number(readFileSync(lock, "utf8"));
    if (isAlive(holder))
      throw new Error(
        `another ./dev registry start is running (pid ${String(holder)}); let it finish.`,
      );
    writeFileSync(lock, String(process.pid));
  }
  try {
    return await task();
  } finally {
    rmSync(lock, { force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts Verdaccio in the background unless ours already answers; a failed start leaves none. */
async function ensureRunning(state) {
  if (await running(state)) {
    say(`reusing the registry already running (pid ${String(state.pid)})`);
    return;
  }
  state.password ??= randomBytes(18).toString("base64url");
  state.port = await freePort(state.port ?? defaultPort);
  const names = publicPackages(root).map((entry) => entry.name);
  const { child, output } = launch(home, state.port, names, { detached: true });
  state.pid = child.pid;
  writeState(state);
  try {
    await waitFor(urlOf(state.port), child, output);
  } catch (error) {
    if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    delete state.pid;
    writeState(state);
    throw error;
  }
  say(`started Verdaccio (pid ${String(state.pid)}), storage in ${join(home, "storage")}`);
}

async function start(args) {
  if (!args.includes("--no-build")) build();
  mkdirSync(home, { recursive: true, mode: 0o700 });
  await locked(async () => {
    const state = readState();
    await ensureRunning(state);
    const url = urlOf(state.port);
    const npmrc = await login(url, home, state.password);
    state.served = publishWorkspace(root, url, npmrc, state.served ?? {}, say);
    writeState(state);
    process.stdout.write(`registry: ${url}/\n`);
  });
}

async function stop() {
  const state = readState();
  if (!ours(state.pid)) {
    say("not running");
    return;
  }
  // Its own process group: whatever Verdaccio started goes with it.
  process.kill(-state.pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (ours(state.pid) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  if (ours(state.pid)) process.kill(-state.pid, "SIGKILL");
  delete state.pid;
  writeState(state);
  say(`stopped (storage kept in ${join(home, "storage")})`);
}

async function status() {
  const state = readState();
  if (!(await running(state))) {
    process.stdout.write(`registry: not running (storage: ${join(home, "storage")})\n`);
    return 3;
  }
  const served = Object.entries(state.served ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  process.stdout.write(
    [
      `registry: ${urlOf(state.port)}/ (pid ${String(state.pid)}), serving:`,
      ...served.map(([name, { version }]) => `  ${name}@${version}`),
      "",
    ].join("\n"),
  );
  return 0;
}

const commands = { start, stop, status };

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const run = commands[command ?? ""];
  if (run === undefined)
    throw new UsageError("usage: ./dev registry start [--no-build] | stop | status");
  return (await run(args)) ?? 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
