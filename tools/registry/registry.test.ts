// The local registry, for real: Verdaccio on a free port, a tiny workspace published with
// pnpm pack and npm publish, and npm installing from it. Then `./dev registry` on this
// workspace: start, reuse, status, stop.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, launch, login, publishWorkspace } from "./registry.mjs";

const root = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "paved-registry-test-"));
const stops: (() => void)[] = [];
afterAll(() => {
  for (const stop of stops) stop();
  rmSync(scratch, { recursive: true, force: true });
});

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const manifest = (name: string, extra: object = {}) =>
  JSON.stringify({ name, version: "1.0.0", type: "module", files: ["index.js"], ...extra });

interface Metadata {
  "dist-tags": { latest: string };
  versions: Record<string, { dependencies?: Record<string, string> }>;
}

describe("publishWorkspace", () => {
  it("publishes as packed, leaves unchanged packages alone, and a changed build as a prerelease its dependents point at", async () => {
    const workspace = join(scratch, "tiny");
    write(workspace, {
      "package.json": JSON.stringify({ name: "tiny", private: true }),
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      "packages/a/package.json": manifest("@tiny/a"),
      "packages/a/index.js": "export const a = 1;\n",
      "packages/b/package.json": manifest("@tiny/b", {
        dependencies: { "@tiny/a": "workspace:*" },
      }),
      "packages/b/index.js": 'export { a } from "@tiny/a";\n',
      "packages/hidden/package.json": JSON.stringify({ name: "@tiny/hidden", private: true }),
    });
    // pnpm pack resolves workspace: versions through the installed workspace.
    const linked = spawnSync("pnpm", ["install", "--offline"], {
      cwd: workspace,
      encoding: "utf8",
    });
    expect(linked.status, linked.stdout).toBe(0);
    const home = join(scratch, "home");
    const port = (await freePort()) as number;
    const url = `http://127.0.0.1:${String(port)}`;
    const { child, output } = launch(home, port, ["@tiny/a", "@tiny/b", "@tiny/hidden"]);
    stops.push(() => child.kill("SIGTERM"));
    await waitForRegistry(url, child, output);
    const npmrc = await login(url, home, "test-password");
    const meta = async (name: string) =>
      (await (await fetch(`${url}/${name.replace("/", "%2f")}`)).json()) as Metadata;

    const lines: string[] = [];
    const first = publishWorkspace(workspace, url, npmrc, {}, (line: string) => lines.push(line));
    expect(Object.keys(first).sort()).toEqual(["@tiny/a", "@tiny/b"]);
    expect((await meta("@tiny/b"))["dist-tags"].latest).toBe("1.0.0");
    expect((await meta("@tiny/b")).versions["1.0.0"]?.dependencies).toEqual({ "@tiny/a": "1.0.0" });

    lines.length = 0;
    expect(
      publishWorkspace(workspace, url, npmrc, first, (line: string) => lines.push(line)),
    ).toEqual(first);
    expect(lines.sort()).toEqual(["unchanged @tiny/a@1.0.0", "unchanged @tiny/b@1.0.0"]);

    write(workspace, { "packages/a/index.js": "export const a = 2;\n" });
    const second = publishWorkspace(workspace, url, npmrc, first);
    const a = second["@tiny/a"]?.version ?? "";
    const b = second["@tiny/b"]?.version ?? "";
    expect(a).toMatch(/^1\.0\.0-local\.[0-9a-f]{10}$/);
    expect(b).toMatch(/^1\.0\.0-local\.[0-9a-f]{10}$/);
    expect((await meta("@tiny/a"))["dist-tags"].latest).toBe(a);
    expect((await meta("@tiny/b")).versions[b]?.dependencies).toEqual({ "@tiny/a": a });

    // A client gets the changed build through the dependent's latest version.
    const project = join(scratch, "client");
    write(project, { "package.json": JSON.stringify({ name: "client", private: true }) });
    const install = spawnSync(
      "npm",
      ["install", "@tiny/b@latest", "--registry", `${url}/`, "--no-audit", "--no-fund"],
      { cwd: project, encoding: "utf8", env: { ...process.env, NPM_CONFIG_USERCONFIG: npmrc } },
    );
    expect(install.stderr).not.toMatch(/ERR/);
    expect(readFileSync(join(project, "node_modules/@tiny/a/index.js"), "utf8")).toContain("a = 2");
  }, 120_000);
});

async function waitForRegistry(
  url: string,
  child: { exitCode: number | null },
  output: () => string,
): Promise<void> {
  const { waitFor } = await import("./registry.mjs");
  await waitFor(url, child, output);
}

describe("./dev registry", () => {
  const home = join(scratch, "dev-registry");
  const dev = (...args: string[]) =>
    spawnSync(join(root, "dev"), ["registry", ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, PAVED_REGISTRY_DIR: home, PAVED_SKIP_INSTALL: "1" },
    });
  stops.push(() => dev("stop"));

  it("starts once, serves the build, reuses the running one, says so and stops with nothing left", () => {
    const start = dev("start", "--no-build");
    expect(start.stderr).not.toMatch(/\n\s+at /);
    expect(start.status).toBe(0);
    expect(start.stdout).toMatch(/^registry: http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(start.stderr).toContain("published paved@");
    const state = JSON.parse(readFileSync(join(home, "state.json"), "utf8")) as { pid: number };
    expect(existsSync(join(home, "storage", "paved"))).toBe(true);

    const again = dev("start", "--no-build");
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(start.stdout);
    expect(again.stderr).toContain(
      `reusing the registry already running (pid ${String(state.pid)})`,
    );
    expect(again.stderr).not.toContain("published");

    const status = dev("status");
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`${start.stdout.trim()} (pid ${String(state.pid)}), serving:`);
    expect(status.stdout).toMatch(/^ {2}@paved\/generators@0\.\d+\.\d+/m);
    expect(status.stdout).toMatch(/^ {2}create-paved@/m);

    expect(dev("stop").status).toBe(0);
    expect(() => process.kill(state.pid, 0)).toThrow();
    const stopped = dev("status");
    expect(stopped.status).toBe(3);
    expect(stopped.stdout).toMatch(/^registry: not running/);
  }, 180_000);

  it("refuses to start while another start holds the directory, and starts nothing", () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, "start.lock"), String(process.pid));
    const run = dev("start", "--no-build");
    rmSync(join(home, "start.lock"));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `registry: another ./dev registry start is running (pid ${String(process.pid)}); let it finish.\n`,
    );
    expect(dev("status").status).toBe(3);
  });

  it("refuses an unknown subcommand with its usage, exit 2", () => {
    const run = dev("restart");
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("registry: usage: ./dev registry start [--no-build] | stop | status\n");
  });
});
