// The generators wherever they land: standalone directories, npm, Yarn 1, Yarn Berry and pnpm
// workspaces, an Nx workspace through `nx g` and a CommonJS package through plop — each project
// installed from a real registry with its setting's own package manager, every station run for
// real (tsc, ESLint, Vitest, Prettier, git); the standalone ones audited at 100, the workspaces
// audited to fail exactly what the printed next steps say the root lacks. Then the service's
// container image is built with podman and its CMD answers /healthz (container.ts).
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildImage,
  containerUnavailable,
  ensureBaseImage,
  removeImage,
  runImage,
} from "./container.js";
import { freePort, publishWorkspace, startRegistry, type Registry } from "./registry.js";
import { gitEnv } from "./git-env.js";

const root = join(import.meta.dirname, "..", "..");
const paved = join(root, "packages", "cli", "dist", "bundle", "paved.mjs");
const scratch = mkdtempSync(join(tmpdir(), "paved-matrix-"));
const owner = "@acme/platform";
let registry: Registry;

function sh(
  command: string,
  args: readonly string[],
  cwd: string,
  without: readonly string[] = [],
): SpawnSyncReturns<string> {
  const env = Object.fromEntries(
    Object.entries(environment()).filter(([name]) => !without.includes(name)),
  );
  return spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env });
}

function environment(): Record<string, string | undefined> {
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(npm_|NX_|VITEST|PAVED_)/i.test(name)),
    ),
    PATH: `${join(scratch, "yarn", "node_modules", ".bin")}${delimiter}${process.env["PATH"] ?? ""}`,
    ...gitEnv,
    // The package managers' own caches are shared, as the other end-to-end tests share them:
    // a cold store per run would fetch every dependency again.
    NPM_CONFIG_USERCONFIG: registry.npmrc,
    npm_config_registry: `${registry.url}/`,
    YARN_REGISTRY: `${registry.url}/`,
    NX_DAEMON: "false",
    NX_NO_CLOUD: "true",
    NX_TUI: "false",
    CI: "",
    HUSKY: "",
  };
}

function ok(run: SpawnSyncReturns<string>, what: string): string {
  if (run.status !== 0)
    throw new Error(`${what} failed (${String(run.status)}):\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

const newProject = (cwd: string, ...args: string[]) =>
  ok(sh(process.execPath, [paved, "new", ...args, "--owner", owner, "--yes"], cwd), "paved new");

/** The stations a project's scripts run, through the setting's package manager. */
function stations(run: (script: string) => SpawnSyncReturns<string>, scripts: string[]): void {
  for (const script of scripts) ok(run(script), script);
}

interface AuditReport {
  score: number;
  blindSpots: { station: string }[];
  findings: { ruleId: string; outcome: string; message: string; project: string }[];
}

function auditsWhole(dir: string): void {
  ok(sh("git", ["add", "-A"], dir), "git add");
  const run = sh(process.execPath, [paved, "audit", dir, "--format", "json"], dir);
  const report = JSON.parse(run.stdout) as AuditReport;
  const failures = report.findings
    .filter((finding) => finding.outcome === "fail")
    .map((finding) => `${finding.ruleId}: ${finding.message}`);
  expect(failures).toEqual([]);
  expect(report.blindSpots).toEqual([]);
  expect(report.score).toBe(100);
}

/** The audit rules the printed next steps name as left at the workspace root (`# … (a/b, c/d)`). */
function namedAsLeft(printed: string): string[] {
  return [...printed.matchAll(/^ {2}# .*\(([a-z-]+\/[a-z-]+(?:, [a-z-]+\/[a-z-]+)*)\)$/gm)]
    .flatMap((match) => (match[1] ?? "").split(", "))
    .sort();
}

/**
 * A workspace audited as a whole after the printed steps were run: the generated project's own
 * findings all pass, and what fails at the root is exactly what the next steps said was left.
 */
function auditsAsPrinted(workspace: string, project: string, printed: string): void {
  ok(sh("git", ["init", "-q", "-b", "main"], workspace), "git init");
  ok(sh("git", ["add", "-A"], workspace), "git add");
  const run = sh(process.execPath, [paved, "audit", workspace, "--format", "json"], workspace);
  const report = JSON.parse(run.stdout) as AuditReport;
  expect(report.findings.some((finding) => finding.project === project)).toBe(true);
  const failing = report.findings.filter((finding) => finding.outcome === "fail");
  expect(failing.filter((finding) => finding.project !== ".").map((f) => f.ruleId)).toEqual([]);
  const atRoot = failing.map((finding) => finding.ruleId).sort();
  expect(atRoot, printed).toEqual(namedAsLeft(printed));
}

/** Every file under a directory but node_modules, path to content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") visit(path);
      else if (entry.isFile()) files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  visit(dir);
  return files;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const versionOf = (path: string) =>
  (JSON.parse(readFileSync(join(root, path), "utf8")) as { version: string }).version;

beforeAll(async () => {
  registry = await startRegistry();
  publishWorkspace(root, registry);
  // Yarn 1, from the registry, into this run's own prefix.
  mkdirSync(join(scratch, "yarn"));
  ok(sh("npm", ["install", "--prefix", join(scratch, "yarn"), "yarn@1"], scratch), "yarn");
}, 300_000);

afterAll(async () => {
  await registry.stop();
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

const standaloneService = join(scratch, "standalone", "orders");
const nxService = join(scratch, "nx");

describe("a standalone directory (paved new)", () => {
  it("a service: installs, passes every station, audits at 100", () => {
    mkdirSync(join(scratch, "standalone"));
    newProject(join(scratch, "standalone"), "service", "orders", "--registry", registry.url);
    ok(sh("git", ["init", "-q", "-b", "main"], standaloneService), "git init");
    ok(sh("pnpm", ["install"], standaloneService), "pnpm install");
    stations(
      (script) => sh("pnpm", ["run", script], standaloneService),
      ["format:check", "lint", "typecheck", "test", "build"],
    );
    auditsWhole(standaloneService);
  }, 300_000);

  it("a service's `pnpm start` answers, and SIGTERM to pnpm stops node too", async () => {
    const port = await freePort();
    const child = spawn("pnpm", ["start"], {
      cwd: standaloneService,
      detached: true,
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let health: Response | undefined;
    for (let attempt = 0; attempt < 150 && health === undefined; attempt += 1) {
      try {
        health = await fetch(`http://127.0.0.1:${String(port)}/healthz`);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(health?.status, output).toBe(200);
    child.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    // Nothing of the process group is left: node went with pnpm.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(() => process.kill(-(child.pid ?? 0), 0)).toThrow(/ESRCH/);
  }, 60_000);

  it("a library: installs, passes every station and publint, audits at 100", () => {
    newProject(join(scratch, "standalone"), "library", "money");
    const dir = join(scratch, "standalone", "money");
    ok(sh("git", ["init", "-q", "-b", "main"], dir), "git init");
    ok(sh("pnpm", ["install"], dir), "pnpm install");
    stations(
      (script) => sh("pnpm", ["run", script], dir),
      ["format:check", "lint", "typecheck", "test", "build", "check:package"],
    );
    auditsWhole(dir);
  }, 300_000);
});

describe("inside a workspace, with its own package manager", () => {
  it("npm: paved new service says npm, writes an npm Dockerfile, its stations pass, its audit fails what it said", () => {
    const dir = join(scratch, "npm-workspace");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), json({ name: "acme", workspaces: ["packages/*"] }));
    const printed = newProject(dir, "service", "api");
    expect(printed).toContain("\n  npm install\n  npm test -w api\n");
    expect(readFileSync(join(dir, "packages/api/Dockerfile"), "utf8")).toContain("npm ci");
    ok(sh("npm", ["install"], dir), "npm install");
    stations(
      (script) => sh("npm", ["run", script, "-w", "api"], dir),
      ["lint", "typecheck", "test", "build"],
    );
    auditsAsPrinted(dir, "packages/api", printed);
  }, 300_000);

  it("Yarn 1: paved new library says yarn, its stations pass, its owner joins CODEOWNERS", () => {
    const dir = join(scratch, "yarn-workspace");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "package.json"),
      json({ name: "acme", private: true, packageManager: "yarn@1.22.22", workspaces: ["libs/*"] }),
    );
    // A root station the generator wires: a CODEOWNERS there gets the project's line.
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github", "CODEOWNERS"), "* @acme/platform\n");
    const printed = newProject(dir, "library", "money");
    expect(printed).toContain("Registered it in:\n  ~ .github/CODEOWNERS\n");
    expect(namedAsLeft(printed)).not.toContain("review/codeowners");
    expect(readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8")).toBe(
      `* @acme/platform\n/libs/money/ ${owner}\n`,
    );
    expect(printed).toContain("\n  yarn install\n  yarn workspace money test\n");
    ok(sh("yarn", ["install"], dir), "yarn install");
    stations(
      (script) => sh("yarn", ["workspace", "money", "run", script], dir),
      ["lint", "typecheck", "test", "build", "check:package"],
    );
    auditsAsPrinted(dir, "libs/money", printed);
  }, 300_000);

  it("pnpm and Nx: nx g @paved/generators:service from the registry, its stations pass, its audit fails what it said", () => {
    mkdirSync(nxService);
    writeFileSync(
      join(nxService, "package.json"),
      json({
        name: "acme",
        private: true,
        devDependencies: {
          "@paved/generators": versionOf("packages/generators/package.json"),
          nx: versionOf("node_modules/nx/package.json"),
        },
      }),
    );
    writeFileSync(join(nxService, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
    writeFileSync(join(nxService, "nx.json"), json({ analytics: false }));
    ok(sh("pnpm", ["install"], nxService), "pnpm install");
    const printed = ok(
      sh(
        "pnpm",
        [
          "exec",
          "nx",
          "g",
          "@paved/generators:service",
          "orders",
          "--owner",
          owner,
          "--registry",
          registry.url,
          "--no-interactive",
        ],
        nxService,
      ),
      "nx g",
    );
    ok(sh("pnpm", ["install"], nxService), "pnpm install");
    stations(
      (script) => sh("pnpm", ["--filter", "orders", "run", script], nxService),
      ["lint", "typecheck", "test", "build"],
    );
    expect(printed).toContain("\n  pnpm install");
    auditsAsPrinted(nxService, "packages/orders", printed);
  }, 300_000);

  it("Yarn Berry (node-modules) and Nx: paved new service says yarn, its stations and the image's install pass", () => {
    const dir = join(scratch, "berry-nx");
    mkdirSync(dir);
    const berry = join(scratch, "berry");
    ok(sh("npm", ["install", "--prefix", berry, "@yarnpkg/cli-dist@4"], scratch), "Yarn Berry");
    const cli = join(berry, "node_modules", "@yarnpkg", "cli-dist");
    const version = (
      JSON.parse(readFileSync(join(cli, "package.json"), "utf8")) as { version: string }
    ).version;
    // Berry refuses Yarn 1's YARN_REGISTRY setting: its registry is the workspace's own setting.
    const yarn = (...args: string[]) =>
      sh(process.execPath, [join(cli, "bin", "yarn.js"), ...args], dir, ["YARN_REGISTRY"]);
    writeFileSync(
      join(dir, "package.json"),
      json({
        name: "acme",
        private: true,
        packageManager: `yarn@${version}`,
        workspaces: ["packages/*"],
      }),
    );
    writeFileSync(join(dir, "nx.json"), json({ analytics: false }));
    writeFileSync(
      join(dir, ".yarnrc.yml"),
      // Yarn 4 quarantines versions younger than a day (npmMinimalAgeGate): this run's @paved/*
      // were published minutes ago, as an organisation's own release may be.
      'nodeLinker: node-modules\nnpmRegistryServer: https://registry.npmjs.org\nnpmPreapprovedPackages:\n  - "@paved/*"\nenableTelemetry: false\n',
    );
    // @paved/* live only on the test's registry: Berry finds them through the scope the generator
    // sets in .yarnrc.yml (it reads no .npmrc).
    const printed = newProject(dir, "service", "orders", "--registry", registry.url);
    expect(printed).toContain("\n  yarn install\n  yarn workspace orders test\n");
    expect(existsSync(join(dir, ".npmrc"))).toBe(false);
    expect(readFileSync(join(dir, ".yarnrc.yml"), "utf8")).toContain("npmScopes:\n  paved:\n");
    ok(yarn("install"), "yarn install");
    stations(
      (script) => yarn("workspace", "orders", "run", script),
      ["lint", "typecheck", "test", "build"],
    );
    auditsAsPrinted(dir, "packages/orders", printed);
    // The Dockerfile's steps after the build, run here (the container's base image has no
    // Corepack): the production dependencies only, which Berry keeps with `workspaces focus`.
    const dockerfile = readFileSync(join(dir, "packages", "orders", "Dockerfile"), "utf8");
    expect(dockerfile).toContain("yarn install --immutable");
    expect(dockerfile).toContain("yarn workspaces focus orders --production");
    ok(yarn("install", "--immutable"), "yarn install --immutable");
    ok(yarn("workspaces", "focus", "orders", "--production"), "yarn workspaces focus");
    expect(existsSync(join(dir, "node_modules", "fastify", "package.json"))).toBe(true);
    expect(existsSync(join(dir, "node_modules", "vitest"))).toBe(false);
  }, 300_000);

  it("plop in a CommonJS package (npm 11's npm init): the files paved new writes, audited at 100", () => {
    const dir = join(scratch, "plop");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "package.json"),
      json({
        name: "acme",
        type: "commonjs",
        devDependencies: {
          "@paved/generators": versionOf("packages/generators/package.json"),
          plop: versionOf("packages/generators/node_modules/plop/package.json"),
        },
      }),
    );
    // docs/generators.md's CommonJS plopfile.
    writeFileSync(
      join(dir, "plopfile.js"),
      'const { pavedGenerators } = require("@paved/generators/plop");\n\nmodule.exports = (plop) => pavedGenerators(plop);\n',
    );
    ok(sh("npm", ["install"], dir), "npm install");
    const answers = ["--name", "orders", "--description", "Takes orders.", "--scope", "@acme"];
    ok(sh("npx", ["plop", "service", "--", ...answers, "--owner", owner], dir), "plop service");
    const expected = join(scratch, "plop-expected");
    mkdirSync(expected);
    newProject(expected, "service", "orders", "--description", "Takes orders.", "--scope", "@acme");
    expect(snapshot(join(dir, "orders"))).toEqual(snapshot(join(expected, "orders")));
    // The package plop runs in lists no workspaces: the project is its own repository, as its
    // next steps say (cd, git init, install), and audits as a standalone one does.
    const project = join(dir, "orders");
    ok(sh("git", ["init", "-q", "-b", "main"], project), "git init");
    ok(sh("pnpm", ["install"], project), "pnpm install");
    auditsWhole(project);
  }, 300_000);
});

const unavailable = containerUnavailable();

describe.skipIf(unavailable !== undefined)("the service's container image", () => {
  it.each([
    ["standalone, from its own lockfile", () => [standaloneService, "Dockerfile"] as const],
    [
      "in a pnpm workspace, from its root",
      () => [nxService, "packages/orders/Dockerfile"] as const,
    ],
  ])(
    "builds and answers /healthz, and stops on SIGTERM: %s",
    async (_, where) => {
      const [context, dockerfile] = where();
      ensureBaseImage("24");
      const tag = `localhost/paved-e2e-${String(process.pid)}-${String(Date.now())}`;
      try {
        buildImage(tag, join(context, dockerfile), context);
        const port = await freePort();
        const started = runImage(tag, { PORT: String(port), HOST: "127.0.0.1" });
        let health: Response | undefined;
        for (let attempt = 0; attempt < 100 && health === undefined; attempt += 1) {
          try {
            health = await fetch(`http://127.0.0.1:${String(port)}/healthz`);
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        expect(health?.status, started.output()).toBe(200);
        expect(await started.stop(), started.output()).toBe(0);
      } finally {
        removeImage(tag);
      }
    },
    600_000,
  );
});

if (unavailable !== undefined)
  describe("the service's container image", () => {
    it.skip(`is not built here: ${unavailable}`, () => {});
  });
