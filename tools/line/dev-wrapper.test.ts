// ./dev on a machine whose Node is too old and that has no pnpm: it must provision the pinned
// Node and pnpm from the npm registry into the per-user cache, then reuse them.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const nodePin = /^NODE_PIN=(.+)$/m.exec(readFileSync(join(root, "dev"), "utf8"))?.[1] ?? "";
const pnpmPin = (
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { packageManager: string }
).packageManager.replace("pnpm@", "");

/** PATH without this run's own toolchain, pnpm or node_modules/.bin: what a bare machine has. */
function barePath(): string[] {
  return (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter(
      (dir) => dir !== "" && !dir.includes("paved-toolchain") && !dir.includes("node_modules"),
    )
    .filter((dir) => !existsSync(join(dir, "pnpm")));
}

const npmDir = barePath().find((dir) => existsSync(join(dir, "npm")));

/** The machine's environment (certificates, proxies) without what pnpm and Nx set for this run. */
function machineEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|pnpm_|PNPM_|NX_|VITEST|PAVED_)/.test(name),
    ),
  );
}

function dev(path: string[], cache: string, ...args: string[]) {
  return spawnSync(join(root, "dev"), args, {
    cwd: root,
    encoding: "utf8",
    env: {
      ...machineEnv(),
      PATH: path.join(delimiter),
      PAVED_TOOLCHAIN_DIR: cache,
      PAVED_SKIP_INSTALL: "1",
    },
    timeout: 240_000,
  });
}

describe("./dev", () => {
  const scratch = mkdtempSync(join(tmpdir(), "paved-dev-"));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it.skipIf(npmDir === undefined)(
    "provisions the pinned Node and pnpm when the machine's Node is older than 22.12, then reuses them",
    () => {
      // A `node` that reports version 20 to the wrapper's version probe and runs the real Node
      // otherwise (npm's own shebang needs a working node).
      const fakeBin = join(scratch, "old-node-bin");
      mkdirSync(fakeBin);
      const fakeNode = join(fakeBin, "node");
      writeFileSync(
        fakeNode,
        `#!/bin/sh\nif [ "$1" = "-p" ] && [ "$2" = "process.versions.node" ]; then echo 20.11.0; exit 0; fi\nexec "${process.execPath}" "$@"\n`,
      );
      chmodSync(fakeNode, 0o755);
      const path = [fakeBin, ...barePath()];
      const cache = join(scratch, "cache");

      const first = dev(
        path,
        cache,
        "exec",
        "sh",
        "-c",
        "node --version; pnpm --version; command -v node",
      );
      expect(first.status, first.stderr).toBe(0);
      expect(first.stderr).toContain(`installing node ${nodePin}`);
      expect(first.stderr).toContain(`installing pnpm ${pnpmPin}`);
      const [nodeVersion, pnpmVersion, nodePath] = first.stdout.trim().split("\n");
      expect(nodeVersion).toBe(`v${nodePin}`);
      expect(pnpmVersion).toBe(pnpmPin);
      expect(nodePath?.startsWith(cache)).toBe(true);
      // Only the finished toolchain is left, no staging directory.
      expect(readdirSync(cache).sort()).toEqual([`node-${nodePin}`, `pnpm-${pnpmPin}`]);

      const second = dev(path, cache, "exec", "node", "--version");
      expect(second.status, second.stderr).toBe(0);
      expect(second.stderr).not.toContain("installing");
      expect(second.stdout.trim()).toBe(`v${nodePin}`);
    },
    300_000,
  );

  it.skipIf(npmDir === undefined)(
    "provisions only pnpm when the machine's Node is suitable",
    () => {
      const cache = join(scratch, "pnpm-only-cache");
      const path = [dirname(process.execPath), ...barePath()];
      const run = dev(path, cache, "exec", "sh", "-c", "node --version; pnpm --version");
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split("\n")).toEqual([process.version, pnpmPin]);
      expect(readdirSync(cache)).toEqual([`pnpm-${pnpmPin}`]);
    },
    300_000,
  );

  it("uses a suitable Node and pnpm already on PATH and installs nothing", () => {
    const cache = join(scratch, "unused-cache");
    const pnpmDir = (process.env["PATH"] ?? "")
      .split(delimiter)
      .find((dir) => existsSync(join(dir, "pnpm")));
    expect(pnpmDir).toBeDefined();
    const path = [dirname(process.execPath), pnpmDir ?? "", ...barePath()];
    const run = dev(path, cache, "exec", "node", "--version");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(process.version);
    expect(existsSync(cache)).toBe(false);
  });

  it("prints its usage without touching the toolchain", () => {
    const run = dev(barePath(), join(scratch, "no-cache"), "--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("./dev test");
    // All of the header comment, up to its last line, and nothing of the script after it.
    const header = readFileSync(join(root, "dev"), "utf8").split("\n").slice(1);
    const comment = header.slice(
      0,
      header.findIndex((line) => !line.startsWith("#")),
    );
    expect(run.stdout).toBe(comment.map((line) => `${line.replace(/^# ?/, "")}\n`).join(""));
    expect(run.stdout).toContain("PAVED_SKIP_INSTALL=1 skips the dependency install.");
    expect(existsSync(join(scratch, "no-cache"))).toBe(false);
  });
});
