// A real npm registry for end-to-end tests: Verdaccio on a free local port, with its own storage
// in a temporary directory. @paved/* packages live only there (published from this workspace's
// builds, exactly as `pnpm publish` packs them); everything else is proxied from the public
// registry. Nothing is written to the user's npm or pnpm configuration.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Registry {
  url: string;
  /** An .npmrc with the registry and a token for it, for NPM_CONFIG_USERCONFIG. */
  npmrc: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited early:\n${output()}`);
    try {
      const response = await fetch(`${url}/-/ping`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Verdaccio did not answer at ${url}:\n${output()}`);
}

export async function startRegistry(): Promise<Registry> {
  const home = mkdtempSync(join(tmpdir(), "paved-registry-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${String(port)}`;
  mkdirSync(join(home, "storage"));
  writeFileSync(
    join(home, "config.yaml"),
    [
      `storage: ${join(home, "storage")}`,
      "auth:",
      "  htpasswd:",
      `    file: ${join(home, "htpasswd")}`,
      "    max_users: 10",
      "uplinks:",
      "  npmjs:",
      "    url: https://registry.npmjs.org/",
      "    timeout: 120s",
      "    max_fails: 5",
      "packages:",
      '  "@paved/*":',
      "    access: $all",
      "    publish: $authenticated",
      '  "**":',
      "    access: $all",
      "    publish: $authenticated",
      "    proxy: npmjs",
      "server:",
      "  keepAliveTimeout: 60",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const bin = join(
    dirname(createRequire(import.meta.url).resolve("verdaccio/package.json")),
    "bin",
    "verdaccio",
  );
  let log = "";
  const child = spawn(
    process.execPath,
    [bin, "--config", join(home, "config.yaml"), "--listen", `127.0.0.1:${String(port)}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await waitFor(url, child, () => log);
    // A user to publish as: Verdaccio's htpasswd adds one on first login.
    const response = await fetch(`${url}/-/user/org.couchdb.user:paved`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "paved", password: "paved-e2e-password" }),
    });
    const { token } = (await response.json()) as { token?: string };
    if (!response.ok || token === undefined)
      throw new Error(`Verdaccio refused the test user (${String(response.status)})`);
    const npmrc = join(home, "npmrc");
    const host = url.replace(/^http:/, "");
    writeFileSync(npmrc, `registry=${url}/\n${host}/:_authToken=${token}\n`);
    return { url, npmrc, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Publishes every public package of this workspace to the registry, exactly as `pnpm pack`
 * packs it (workspace: and catalog: versions resolved). The packages ask for npm provenance,
 * which only a CI identity can sign; the copy published here drops that one setting.
 */
export function publishWorkspace(root: string, registry: Registry): string[] {
  const staging = mkdtempSync(join(tmpdir(), "paved-publish-"));
  const published: string[] = [];
  try {
    for (const name of readdirSync(join(root, "packages")).sort()) {
      const dir = join(root, "packages", name);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name: string;
        private?: boolean;
      };
      if (manifest.private === true) continue;
      const target = join(staging, name);
      mkdirSync(target);
      const pack = spawnSync("pnpm", ["pack", "--pack-destination", target], {
        cwd: dir,
        encoding: "utf8",
      });
      if (pack.status !== 0) throw new Error(`pnpm pack failed in ${dir}:\n${pack.stderr}`);
      const tarball = readdirSync(target).find((file) => file.endsWith(".tgz"));
      if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${dir}`);
      const untar = spawnSync("tar", ["-xzf", join(target, tarball), "-C", target]);
      if (untar.status !== 0) throw new Error(`cannot unpack ${tarball}`);
      const packed = join(target, "package", "package.json");
      const contents = JSON.parse(readFileSync(packed, "utf8")) as {
        publishConfig?: Record<string, unknown>;
      };
      if (contents.publishConfig) delete contents.publishConfig["provenance"];
      writeFileSync(packed, `${JSON.stringify(contents, null, 2)}\n`);
      const publish = spawnSync(
        "npm",
        [
          "publish",
          join(target, "package"),
          "--registry",
          `${registry.url}/`,
          "--access",
          "public",
        ],
        { encoding: "utf8", env: { ...process.env, NPM_CONFIG_USERCONFIG: registry.npmrc } },
      );
      if (publish.status !== 0)
        throw new Error(`npm publish of ${manifest.name} failed:\n${publish.stderr}`);
      published.push(manifest.name);
    }
    return published;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
