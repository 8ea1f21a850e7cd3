// Builds and runs a generated service's container image for real, on a machine without a Docker
// engine: Debian's podman builds with chroot isolation from a base image made here (debootstrap
// --variant=minbase, plus the Node binary of the npm `node` package and npm from the registry),
// tagged as the Dockerfile's FROM. `podman run` cannot set rlimits here, so the image's CMD runs
// through `podman image mount` + chroot, as the image's user, in its WORKDIR with its ENV.
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { appendFileSync, copyFileSync, readdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/** The base image's tarball is kept here, so only the first run pays for debootstrap. */
const cacheDir = join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "paved-e2e");

function ok(run: SpawnSyncReturns<string>, what: string): string {
  if (run.error !== undefined) throw new Error(`${what}: ${run.error.message}`);
  if (run.status !== 0)
    throw new Error(`${what} failed (${String(run.status)}):\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/**
 * debootstrap and chroot live in /usr/sbin, which many a PATH leaves out (a user's, some CI
 * runners'): the tools run here are looked up there too.
 */
const toolEnv = {
  ...process.env,
  PATH: [...new Set([...(process.env["PATH"] ?? "").split(":"), "/usr/sbin", "/sbin"])]
    .filter((dir) => dir !== "")
    .join(":"),
};

const sh = (command: string, args: readonly string[], cwd?: string) =>
  spawnSync(command, args, {
    encoding: "utf8",
    env: toolEnv,
    maxBuffer: 256 * 1024 * 1024,
    ...(cwd === undefined ? {} : { cwd }),
  });

/** Why the container test cannot run here, or undefined when it can. */
export function containerUnavailable(): string | undefined {
  if (process.platform !== "linux") return "podman with chroot isolation needs Linux";
  if (process.getuid?.() !== 0) return "debootstrap, podman import and chroot need root";
  for (const tool of ["podman", "debootstrap", "chroot", "tar"])
    if (sh("sh", ["-c", `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (apt-get install podman debootstrap)`;
  return undefined;
}

/** A Debian root file system with Node, npm and the `node` user, as node:N-slim has. */
function buildRootfs(dir: string, work: string): void {
  ok(sh("debootstrap", ["--variant=minbase", "bookworm", dir]), "debootstrap");
  const prefix = join(work, "node");
  mkdirSync(prefix);
  writeFileSync(join(prefix, "package.json"), '{ "private": true }\n');
  ok(
    sh(
      "npm",
      ["install", "--prefix", prefix, "--no-save", `node@${process.versions.node}`],
      prefix,
    ),
    "npm install node",
  );
  ok(
    sh("cp", ["-L", join(prefix, "node_modules/node/bin/node"), join(dir, "usr/local/bin/node")]),
    "copy node",
  );
  // npm, as the node images have it: the registry's package, which bundles its dependencies.
  const tarball = ok(sh("npm", ["pack", "npm@11", "--silent"], work), "npm pack npm").trim();
  const npmDir = join(dir, "usr/local/lib/node_modules/npm");
  mkdirSync(npmDir, { recursive: true });
  ok(sh("tar", ["-xzf", join(work, tarball), "-C", npmDir, "--strip-components=1"]), "untar npm");
  for (const bin of ["npm", "npx"])
    ok(
      sh("ln", [
        "-s",
        `../lib/node_modules/npm/bin/${bin}-cli.js`,
        join(dir, "usr/local/bin", bin),
      ]),
      `link ${bin}`,
    );
  appendFileSync(join(dir, "etc/passwd"), "node:x:1000:1000::/home/node:/bin/sh\n");
  appendFileSync(join(dir, "etc/group"), "node:x:1000:\n");
  mkdirSync(join(dir, "home/node"));
  ok(sh("chown", ["1000:1000", join(dir, "home/node")]), "chown /home/node");
}

/**
 * Makes sure `node:MAJOR-slim` (the generated Dockerfile's FROM) is in podman's store: imported
 * from the cached tarball, which is built once with debootstrap.
 */
export function ensureBaseImage(major: string): string {
  const tag = `docker.io/library/node:${major}-slim`;
  if (sh("podman", ["image", "exists", tag]).status === 0) return tag;
  const tarball = join(cacheDir, `node-${process.versions.node}-bookworm-minbase.tar`);
  if (!existsSync(tarball)) {
    mkdirSync(cacheDir, { recursive: true });
    const work = mkdtempSync(join(tmpdir(), "paved-base-"));
    try {
      const rootfs = join(work, "rootfs");
      buildRootfs(rootfs, work);
      const partial = `${tarball}.${String(process.pid)}.partial`;
      ok(sh("tar", ["-C", rootfs, "-cf", partial, "."]), "tar the root file system");
      renameSync(partial, tarball);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const imported = `localhost/paved-e2e-base:${process.versions.node}`;
  ok(
    sh("podman", [
      "import",
      "--change",
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "--change",
      "CMD /bin/sh",
      tarball,
      imported,
    ]),
    "podman import of the base image",
  );
  trustMachineCertificates(imported, tag);
  return tag;
}

/**
 * Tags the base image as the Dockerfile's FROM, trusting the certificate authorities this machine
 * trusts (a network whose proxy re-signs TLS has its own), as an image built here would. The
 * bundle is read each time, never cached.
 */
function trustMachineCertificates(imported: string, tag: string): void {
  const bundle = process.env["NODE_EXTRA_CA_CERTS"] ?? "/etc/ssl/certs/ca-certificates.crt";
  if (!existsSync(bundle)) {
    ok(sh("podman", ["tag", imported, tag]), "podman tag");
    return;
  }
  const context = mkdtempSync(join(tmpdir(), "paved-base-ca-"));
  try {
    copyFileSync(bundle, join(context, "ca.crt"));
    writeFileSync(
      join(context, "Containerfile"),
      `FROM ${imported}\nCOPY ca.crt /etc/ssl/certs/machine-ca.crt\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/machine-ca.crt\n`,
    );
    buildImage(tag, join(context, "Containerfile"), context);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Builds an image from a Dockerfile and a context directory, with chroot isolation. */
export function buildImage(tag: string, dockerfile: string, context: string): string {
  return ok(
    sh("podman", [
      "build",
      "--isolation=chroot",
      "--network=host",
      "--format=docker",
      "-t",
      tag,
      "-f",
      dockerfile,
      context,
    ]),
    `podman build of ${tag}`,
  );
}

interface ImageConfig {
  User?: string;
  WorkingDir?: string;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[] | null;
}

/** A running image's CMD, through chroot; stop() sends SIGTERM and resolves with its exit code. */
export interface Started {
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Runs the image's CMD as its USER in its WORKDIR with its ENV (and `env` over it). */
export function runImage(tag: string, env: Record<string, string>): Started {
  const [inspected] = JSON.parse(ok(sh("podman", ["image", "inspect", tag]), "inspect")) as {
    Config: ImageConfig;
  }[];
  const config = inspected?.Config ?? {};
  const mount = ok(sh("podman", ["image", "mount", tag]), "podman image mount").trim();
  const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  const user = config.User ?? "root";
  const passwd = sh("chroot", [mount, "id", "-u", user]).stdout.trim();
  const group = sh("chroot", [mount, "id", "-g", user]).stdout.trim();
  const child = spawn(
    "chroot",
    [
      `--userspec=${passwd}:${group}`,
      mount,
      "/usr/bin/env",
      "-i",
      ...(config.Env ?? []),
      ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
      "/bin/sh",
      "-c",
      'cd "$0" && exec "$@"',
      config.WorkingDir ?? "/",
      ...command,
    ],
    { env: toolEnv, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      sh("podman", ["image", "unmount", tag]);
      return code;
    },
  };
}

/** Removes an image built by a test (the base image stays, for the next run). */
export function removeImage(tag: string): void {
  sh("podman", ["image", "rm", "--force", tag]);
}

/** What the base image cache holds, for messages. */
export const baseImageCache = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir) : []);
