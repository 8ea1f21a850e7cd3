import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export const packageRoot = join(import.meta.dirname, "..", "..");
export const fixtureService = join(packageRoot, "src", "__fixtures__", "service", "main.mjs");

export interface RunningService {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process and waits for it to be gone. */
  stop(): Promise<unknown>;
  get(path: string): Promise<{ status: number; body: string }>;
}

/**
 * Starts the fixture service in its own Node process, as a user would:
 * `node --import @paved/telemetry/register main.mjs`, from the package directory.
 */
export async function startService(
  env: Record<string, string>,
  imports: string[] = ["@paved/telemetry/register"],
  /** A command that runs node, such as `unshare … --fork` (default: none). */
  wrapper: string[] = [],
): Promise<RunningService> {
  const node = [
    process.execPath,
    ...imports.flatMap((specifier) => ["--import", specifier]),
    fixtureService,
  ];
  const [command = process.execPath, ...args] = [...wrapper, ...node];
  const child = spawn(command, args, {
    cwd: packageRoot,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      resolve({ code, signal });
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the service did not start:\n${out}\n${err}`));
    }, 20_000);
    const check = () => {
      const match = /\{"listening":"([^"]+)"\}/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the service exited before listening:\n${out}\n${err}`));
    });
  });
  return {
    url,
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: () => {
      child.kill("SIGKILL");
      return exited;
    },
    async get(path) {
      const response = await fetch(`${url}${path}`);
      return { status: response.status, body: await response.text() };
    },
  };
}

/** A plain downstream server the service calls; not instrumented (it runs in the test process). */
export async function startDownstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.end("downstream");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
