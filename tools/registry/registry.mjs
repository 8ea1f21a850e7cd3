// A local npm registry (Verdaccio, the lockfile's) serving this workspace's public packages
// exactly as `pnpm publish` packs them, and proxying everything else to the npm registry.
// Used by `./dev registry` (a long-lived one under the per-user cache) and by the end-to-end
// tests (a throw-away one in a temporary directory). Nothing here writes the user's npm or
// pnpm configuration: publishing reads a userconfig kept in the registry's own directory.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { rmSync, closeSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";

/** Verdaccio's own default port, taken when free so that a registry keeps one address. */
export const defaultPort = 4873;

/** A free TCP port on 127.0.0.1, `preferred` when it is free. */
export function freePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error) => (preferred === 0 ? reject(error) : resolve(freePort(0))));
    server.listen(preferred, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** The workspace's public packages: name, directory and manifest, in directory order. */
export function publicPackages(root) {
  return readdirSync(join(root, "packages"))
    .sort()
    .map((name) => {
      const dir = join(root, "packages", name);
      return { dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) };
    })
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir }));
}

/**
 * Verdaccio's configuration: the workspace's packages live only here (never proxied, so a
 * package of the same name on npm cannot shadow them); everything else comes from npm.
 */
export function registryConfig(home, localNames) {
  const local = localNames.flatMap((name) => [
    `  ${JSON.stringify(name)}:`,
    "    access: $all",
    "    publish: $authenticated",
  ]);
  return [
    `storage: ${JSON.stringify(join(home, "storage"))}`,
    "auth:",
    "  htpasswd:",
    `    file: ${JSON.stringify(join(home, "htpasswd"))}`,
    "    max_users: 1",
    "uplinks:",
    "  npmjs:",
    "    url: https://registry.npmjs.org/",
    "    timeout: 120s",
    "    max_fails: 5",
    "packages:",
    ...local,
    '  "**":',
    "    access: $all",
    "    publish: $authenticated",
    "    proxy: npmjs",
    "server:",
    "  keepAliveTimeout: 60",
    "max_body_size: 200mb",
    "log: { type: stdout, format: pretty, level: warn }",
    "",
  ].join("\n");
}

const verdaccioBin = () =>
  join(
    dirname(createRequire(import.meta.url).resolve("verdaccio/package.json")),
    "bin",
    "verdaccio",
  );

/**
 * Starts Verdaccio for `home` on 127.0.0.1:port. Attached, its output is collected (for error
 * messages); detached, it outlives this process in its own process group and logs to
 * home/verdaccio.log.
 */
export function launch(home, port, localNames, { detached = false } = {}) {
  mkdirSync(join(home, "storage"), { recursive: true });
  writeFileSync(join(home, "config.yaml"), registryConfig(home, localNames));
  const args = [verdaccioBin(), "--config", join(home, "config.yaml")];
  args.push("--listen", `127.0.0.1:${String(port)}`);
  if (detached) {
    const log = openSync(join(home, "verdaccio.log"), "a");
    const child = spawn(process.execPath, args, {
      cwd: home,
      detached: true,
      stdio: ["ignore", log, log],
    });
    closeSync(log);
    child.unref();
    return { child, output: () => tail(join(home, "verdaccio.log")) };
  }
  let output = "";
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk) => (output += chunk.toString()));
  child.stderr.on("data", (chunk) => (output += chunk.toString()));
  return { child, output: () => output };
}

function tail(file) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-20).join("\n");
  } catch {
    return "";
  }
}

/** True when a Verdaccio answers at url. */
export async function answers(url) {
  try {
    return (await fetch(`${url}/-/ping`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Waits until the registry answers; fails with its output when it exits or never answers. */
export async function waitFor(url, child, output) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited early:\n${output()}`);
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Verdaccio did not answer at ${url}:\n${output()}`);
}

/**
 * Logs in as the registry's one publishing user (Verdaccio's htpasswd adds it on first login)
 * and writes an npm userconfig with its token to home/npmrc, for NPM_CONFIG_USERCONFIG.
 */
export async function login(url, home, password) {
  const put = (headers = {}) =>
    fetch(`${url}/-/user/org.couchdb.user:paved`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ name: "paved", password }),
    });
  let response = await put();
  // Already added (a registry started before): Verdaccio logs a known user in by basic auth.
  if (response.status === 409)
    response = await put({
      authorization: `Basic ${Buffer.from(`paved:${password}`).toString("base64")}`,
    });
  const { token } = await response.json();
  if (!response.ok || token === undefined)
    throw new Error(`Verdaccio refused the publishing user (${String(response.status)})`);
  const npmrc = join(home, "npmrc");
  writeFileSync(npmrc, `registry=${url}/\n${url.replace(/^http:/, "")}/:_authToken=${token}\n`, {
    mode: 0o600,
  });
  return npmrc;
}

/** JSON text with every object's keys sorted. */
function canonical(text) {
  const sorted = (value) =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, sorted(value[key])]),
          )
        : value;
  return JSON.stringify(sorted(JSON.parse(text)));
}

/** Every file under dir, sorted, with its content: what a package's hash is computed over. */
function contentHash(dir) {
  const hash = createHash("sha256");
  const visit = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(current, entry.name);
      const name = relative(dir, path).split(sep).join("/");
      if (entry.isDirectory()) visit(path);
      else {
        hash.update(`${name}\0`);
        // pnpm pack orders a manifest's keys differently from one run to the next.
        hash.update(
          name === "package.json" ? canonical(readFileSync(path, "utf8")) : readFileSync(path),
        );
        hash.update("\0");
      }
    }
  };
  visit(dir);
  return hash.digest("hex");
}

/** Packs one package with `pnpm pack` and unpacks it: the directory `npm publish` will send. */
function pack(dir, staging) {
  const target = mkdtempSync(join(staging, "pack-"));
  const run = spawnSync("pnpm", ["pack", "--pack-destination", target], {
    cwd: dir,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`pnpm pack failed in ${dir}:\n${run.stdout}${run.stderr}`);
  const tarball = readdirSync(target).find((file) => file.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${dir}`);
  const untar = spawnSync("tar", ["-xzf", join(target, tarball), "-C", target]);
  if (untar.status !== 0) throw new Error(`cannot unpack ${tarball}`);
  return join(target, "package");
}

const dependencyFields = ["dependencies", "optionalDependencies", "peerDependencies"];

/**
 * Packs every package and works out what to publish. A package whose content (with its
 * workspace dependencies at their published versions) is what the registry already serves is
 * left alone; a new package keeps its own version; a changed build of a version the registry
 * has is published as `VERSION-local.HASH`, with its dependents pointed at it. Packages are
 * taken in dependency order so that a dependent's content includes its dependencies' versions.
 */
export function planPublish(packages, staging, served) {
  const packed = new Map(packages.map(({ name, dir }) => [name, pack(dir, staging)]));
  const manifests = new Map(
    [...packed].map(([name, dir]) => [
      name,
      JSON.parse(readFileSync(join(dir, "package.json"), "utf8")),
    ]),
  );
  const order = dependencyOrder(manifests);
  const packedVersions = new Map([...manifests].map(([name, m]) => [name, m.version]));
  const versions = new Map();
  const plan = [];
  for (const name of order) {
    const manifest = manifests.get(name);
    // The packages ask for npm provenance, which only a CI identity can sign.
    if (manifest.publishConfig) delete manifest.publishConfig.provenance;
    for (const field of dependencyFields)
      for (const dependency of Object.keys(manifest[field] ?? {}))
        if (
          (versions.get(dependency) ?? packedVersions.get(dependency)) !==
          packedVersions.get(dependency)
        )
          manifest[field][dependency] = versions.get(dependency);
    const dir = packed.get(name);
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const hash = contentHash(dir);
    const known = served[name];
    let version = manifest.version;
    if (known?.hash === hash) version = known.version;
    else if (known !== undefined) version = `${manifest.version}-local.${hash.slice(0, 10)}`;
    versions.set(name, version);
    if (known?.hash === hash) continue;
    manifest.version = version;
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    plan.push({ name, version, hash, dir });
  }
  return { plan, versions };
}

/** Package names with each one's workspace dependencies before it. */
function dependencyOrder(manifests) {
  const order = [];
  const visit = (name, path) => {
    if (order.includes(name) || path.includes(name)) return;
    const manifest = manifests.get(name);
    for (const field of dependencyFields)
      for (const dependency of Object.keys(manifest[field] ?? {}))
        if (manifests.has(dependency)) visit(dependency, [...path, name]);
    order.push(name);
  };
  for (const name of [...manifests.keys()].sort()) visit(name, []);
  return order;
}

/** Publishes a planned package with npm, as the latest version. */
export function publish(entry, url, npmrc) {
  const run = spawnSync(
    "npm",
    ["publish", entry.dir, "--registry", `${url}/`, "--access", "public", "--tag", "latest"],
    {
      encoding: "utf8",
      env: { ...process.env, NPM_CONFIG_USERCONFIG: npmrc, npm_config_provenance: "false" },
    },
  );
  if (run.error?.code === "ENOENT")
    throw new Error("npm is required on PATH to publish to the local registry.");
  if (run.status !== 0)
    throw new Error(`npm publish of ${entry.name}@${entry.version} failed:\n${run.stderr}`);
}

/** @typedef {Record<string, { version: string, hash: string }>} Served */

/**
 * Publishes every public package of the workspace that the registry does not serve yet.
 * `served` maps a name to the { version, hash } published before; returns the new map.
 * @param {string} root
 * @param {string} url
 * @param {string} npmrc
 * @param {Served} [served]
 * @param {(line: string) => void} [report]
 * @returns {Served}
 */
export function publishWorkspace(root, url, npmrc, served = {}, report = () => {}) {
  const staging = mkdtempSync(join(tmpdir(), "paved-publish-"));
  try {
    const { plan, versions } = planPublish(publicPackages(root), staging, served);
    const next = { ...served };
    for (const entry of plan) {
      publish(entry, url, npmrc);
      next[entry.name] = { version: entry.version, hash: entry.hash };
      report(`published ${entry.name}@${entry.version}`);
    }
    for (const [name, version] of versions)
      if (!plan.some((entry) => entry.name === name)) report(`unchanged ${name}@${version}`);
    return next;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
