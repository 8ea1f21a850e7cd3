// Releasing to an organisation's own registry, end to end against a real Verdaccio: the packed
// CLI installs globally and runs; `changeset publish` publishes every package without provenance
// errors; what it published installs back. docs/publishing.md describes the same steps. The
// registry proxies the public one for other packages; `paved` is not on it, so a lookup there
// cannot stand in for the one published here.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type Registry } from "./registry.js";

const root = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "paved-publish-e2e-"));
const cliVersion = (
  JSON.parse(readFileSync(join(root, "packages", "cli", "package.json"), "utf8")) as {
    version: string;
  }
).version;
let registry: Registry;

/** npm, pnpm and changesets with the test registry and its token only. */
const registryEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  NPM_CONFIG_USERCONFIG: registry.npmrc,
  npm_config_registry: `${registry.url}/`,
});

/** Packs the package in `dir` with pnpm, as a release does, into `target`; returns the tarball. */
function packInto(dir: string, target: string): string {
  mkdirSync(target, { recursive: true });
  ok(sh("pnpm", ["pack", "--pack-destination", target], dir), `pnpm pack in ${dir}`);
  const tarball = readdirSync(target).find((file) => file.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${dir}`);
  return join(target, tarball);
}

function sh(command: string, args: readonly string[], cwd: string, env = {}) {
  return spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...registryEnv(), ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function ok(run: SpawnSyncReturns<string>, what: string): string {
  if (run.status !== 0)
    throw new Error(`${what} failed (${String(run.status)}):\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** Installs `spec` globally into a fresh prefix and returns the `paved` it installed. */
function installGlobally(spec: string, name: string): string {
  const prefix = join(scratch, name);
  ok(
    sh("npm", ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", spec], scratch),
    `npm install -g ${spec}`,
  );
  return join(prefix, "bin", "paved");
}

/** Runs an installed `paved` as a user would: through its shebang, with `node` from PATH. */
function paved(bin: string, args: readonly string[], nodeDir?: string) {
  const path = nodeDir === undefined ? process.env["PATH"] : `${nodeDir}:/bin`;
  return sh(bin, args, scratch, { PATH: path });
}

beforeAll(async () => {
  registry = await startRegistry();
}, 60_000);

afterAll(async () => {
  await registry.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the packed CLI", () => {
  it("installs globally from its tarball and runs --version and --help", () => {
    const tarball = packInto(join(root, "packages", "cli"), join(scratch, "cli-tarball"));
    const bin = installGlobally(tarball, "from-tarball");
    const version = paved(bin, ["--version"]);
    expect(version.stdout).toBe(`${cliVersion}\n`);
    expect(version.status).toBe(0);
    const help = paved(bin, ["--help"]);
    expect(help.stdout).toMatch(/Usage: paved[\s\S]*Docs: https:\/\/github\.com\/paved-dev\//);
    // On the machine's older Node: one line, exit 2, for every command.
    const old = paved(bin, ["--version"], "/usr/bin");
    expect(old.stderr).toMatch(/^paved needs Node\.js 22\.12 or newer; this is v\d+\.\d+\.\d+\n$/);
    expect(old.status).toBe(2);
  }, 240_000);
});

describe("changeset publish to an organisation's registry", () => {
  it("publishes every package, no provenance asked, and they install back", () => {
    const tags = () => ok(sh("git", ["tag", "--list"], root), "git tag --list");
    const before = tags();
    // As in docs/publishing.md: the registry and its token come from the environment's .npmrc;
    // --no-git-tag keeps this test from tagging the checkout.
    const publish = sh("pnpm", ["exec", "changeset", "publish", "--no-git-tag"], root);
    const output = publish.stdout + publish.stderr;
    expect(output, output).not.toMatch(/provenance/i);
    expect(publish.status, output).toBe(0);
    const published = (name: string) =>
      sh("npm", ["view", name, "version", "--registry", `${registry.url}/`], scratch).stdout.trim();
    expect(published("paved")).toBe(cliVersion);
    for (const name of ["@paved/tsconfig", "@paved/conformance", "@paved/telemetry"])
      expect(published(name), name).toMatch(/^\d+\.\d+\.\d+$/);
    expect(tags()).toBe(before);

    const bin = installGlobally(`paved@${cliVersion}`, "from-registry");
    expect(paved(bin, ["--version"]).stdout).toBe(`${cliVersion}\n`);
    const project = join(scratch, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), '{ "name": "project", "private": true }\n');
    ok(
      sh("npm", ["install", "--no-audit", "--no-fund", "@paved/tsconfig"], project),
      "npm install @paved/tsconfig",
    );
    const installed = JSON.parse(
      readFileSync(join(project, "node_modules", "@paved", "tsconfig", "package.json"), "utf8"),
    ) as { repository: { directory: string } };
    expect(installed.repository.directory).toBe("packages/tsconfig");
  }, 480_000);
});
