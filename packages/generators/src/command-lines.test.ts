import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { planNew } from "./plan.js";
import { diskTree, writePlan } from "./write.js";

const packageRoot = join(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "paved-nx-cli-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.name === "node_modules" || entry.name === ".nx") continue;
      if (entry.isDirectory()) visit(path);
      else files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  visit(dir);
  return files;
}

/** A minimal Nx workspace whose node_modules holds Nx and this package, as an install would. */
function nxWorkspace(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "node_modules", "@paved"), { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "name": "acme", "private": true }\n');
  writeFileSync(join(dir, "nx.json"), "{}\n");
  symlinkSync(
    realpathSync(join(packageRoot, "node_modules", "nx")),
    join(dir, "node_modules", "nx"),
  );
  symlinkSync(packageRoot, join(dir, "node_modules", "@paved", "generators"));
  return dir;
}

function nx(dir: string, ...args: string[]) {
  const bin = join(
    dirname(realpathSync(join(dir, "node_modules", "nx", "package.json"))),
    "dist",
    "bin",
    "nx.js",
  );
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", NX_TUI: "false", CI: "true" },
    timeout: 120_000,
  });
}

describe("nx g @paved/generators", () => {
  it("finds the generators through generators.json, dry-runs, and writes what paved new writes", () => {
    const workspace = nxWorkspace("nx");
    const before = snapshot(workspace);
    const dryRun = nx(
      workspace,
      "g",
      "@paved/generators:service",
      "orders",
      "--owner",
      "@acme/payments",
      "--dry-run",
    );
    expect(dryRun.status, dryRun.stderr).toBe(0);
    expect(stripVTControlCharacters(dryRun.stdout)).toContain("CREATE orders/src/app.ts");
    expect(snapshot(workspace)).toEqual(before);

    const real = nx(
      workspace,
      "g",
      "@paved/generators:service",
      "orders",
      "--owner",
      "@acme/payments",
    );
    expect(real.status, real.stderr).toBe(0);

    const expected = join(scratch, "paved-new");
    mkdirSync(expected);
    writeFileSync(join(expected, "package.json"), '{ "name": "acme", "private": true }\n');
    writeFileSync(join(expected, "nx.json"), "{}\n");
    writePlan(
      expected,
      planNew({ kind: "service", name: "orders", owner: "@acme/payments" }, diskTree(expected)),
    );
    expect(snapshot(workspace)).toEqual(snapshot(expected));

    const refused = nx(
      workspace,
      "g",
      "@paved/generators:library",
      "../escape",
      "--owner",
      "@acme/payments",
    );
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain("must not contain a path separator");
  });
});

describe("plop service", () => {
  it("runs through the plop command line and writes what paved new writes", () => {
    const dir = join(scratch, "plop");
    mkdirSync(dir);
    const config = '{ "new": { "scope": "@acme", "owner": "@acme/payments" } }\n';
    writeFileSync(join(dir, "paved.config.json"), config);
    const plopfile = join(scratch, "plopfile.js");
    writeFileSync(
      plopfile,
      `import { pavedGenerators } from ${JSON.stringify(join(packageRoot, "dist", "plop.js"))};\nexport default (plop) => pavedGenerators(plop);\n`,
    );
    const plopBin = join(packageRoot, "node_modules", "plop", "bin", "plop.js");
    // Answers on the command line fill plop's prompts in order: name, then description.
    const run = spawnSync(
      process.execPath,
      [plopBin, "--plopfile", plopfile, "--dest", dir, "service", "orders", "Takes orders."],
      { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, timeout: 60_000 },
    );
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);

    const expected = join(scratch, "plop-expected");
    mkdirSync(expected);
    writeFileSync(join(expected, "paved.config.json"), config);
    writePlan(
      expected,
      planNew(
        { kind: "service", name: "orders", description: "Takes orders." },
        diskTree(expected),
      ),
    );
    expect(snapshot(dir)).toEqual(snapshot(expected));
  });
});
