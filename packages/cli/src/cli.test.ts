import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./cli.js";

const packageRoot = join(import.meta.dirname, "..");
const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
  version: string;
};

describe("paved CLI", () => {
  it("prints its package version", () => {
    expect(run(["--version"])).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: "" });
    expect(run(["-v"]).stdout).toBe(`${version}\n`);
  });

  it("prints help with --help and with no arguments", () => {
    expect(run(["--help"]).stdout).toContain("Usage: paved");
    expect(run([]).stdout).toContain("--version");
  });

  it("points its help at docs an install can reach: the package's home page", () => {
    const { homepage } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
      homepage: string;
    };
    expect(homepage).toMatch(/^https:\/\/github\.com\/paved-dev\/paved\//);
    expect(run(["--help"]).stdout).toContain(`Docs: ${homepage}\n`);
  });

  it("rejects an unknown option with exit code 2 and a hint", () => {
    const result = run(["--frobnicate"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--frobnicate'[\s\S]*paved --help/);
  });

  it("rejects an unknown command with exit code 2", () => {
    const result = run(["deploy"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown command 'deploy'");
  });
});

describe("the built bin", () => {
  it("runs as an executable and exits with the CLI's code", () => {
    const bin = join(packageRoot, "dist", "paved.cjs");
    const ok = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${version}\n`);
    const bad = spawnSync(process.execPath, [bin, "--nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the bundle", () => {
  const bundle = join(packageRoot, "dist", "bundle");
  const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
    bin: Record<string, string>;
    dependencies: Record<string, string>;
  };

  it("is what the package's bin loads, after its version check", () => {
    expect(manifest.bin).toEqual({ paved: "./dist/paved.cjs" });
    expect(readFileSync(join(packageRoot, "dist", "launch.cjs"), "utf8")).toContain(
      'import("./bundle/paved.mjs")',
    );
  });

  it("imports exactly the package's dependencies, and none of the workspace packages", () => {
    const imported = new Set<string>();
    for (const file of readdirSync(bundle)) {
      const code = readFileSync(join(bundle, file), "utf8");
      // Static imports, import(), require(), createRequire(import.meta.url)("…") and
      // require.resolve.paths("…") (where a package without exports is looked for).
      const imports =
        /(?:^import\s[^"']*?|\bimport\(|\brequire\(|\)\(|\bresolve\.paths\()\s*["']([^"'./][^"']*)["']/gm;
      for (const match of code.matchAll(imports)) imported.add(match[1] ?? "");
    }
    const packages = [...imported]
      .filter((id) => !id.startsWith("node:"))
      .map((id) => id.replace(/^(@[^/]+\/[^/]+|[^@/][^/]*).*$/, "$1"));
    // Loaded on first use (with require), and still declared.
    expect(packages).toEqual(expect.arrayContaining(["js-yaml", "jsonc-parser", "ignore"]));
    // A declared package the bundle does not import is one that `npm install paved` fetches
    // for nothing, or cannot find at all (the workspace packages are bundled, never published
    // as the CLI's dependencies).
    expect([...new Set(packages)].sort()).toEqual(Object.keys(manifest.dependencies).sort());
  });

  it("loads its dependencies only when needed, and the templates only for paved new", () => {
    // Static imports from the entry, plus the engine chunk it always imports.
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const code = readFileSync(join(bundle, file), "utf8");
      for (const match of code.matchAll(/^import\s[^"']*?["']\.\/([^"']+)["']/gm))
        visit(match[1] ?? "");
    };
    visit("paved.mjs");
    visit("cli.mjs");
    const bare = [...loaded].flatMap((file) =>
      [
        ...readFileSync(join(bundle, file), "utf8").matchAll(
          /^import\s[^"']*?["']([^."'][^"']*)["']/gm,
        ),
      ].map((match) => match[1] ?? ""),
    );
    // The audit's chunks import only Node's modules and each other: every dependency (the
    // YAML, JSONC and glob libraries) loads on first use, and the templates' never.
    expect([...loaded]).toEqual(expect.arrayContaining(["paved.mjs", "cli.mjs"]));
    // The entry itself imports one small chunk (the listing and the history's git commands),
    // which imports only Node's modules: git starts before the engine loads.
    const importsOf = (file: string, pattern: RegExp) =>
      [...readFileSync(join(bundle, file), "utf8").matchAll(pattern)].map((m) => m[1] ?? "");
    const local = /^import\s[^"']*?["']\.\/([^"']+)["']/gm;
    const early = importsOf("paved.mjs", local);
    expect(early).toHaveLength(1);
    expect(importsOf(early[0] ?? "", local)).toEqual([]);
    expect(readFileSync(join(bundle, early[0] ?? ""), "utf8")).toContain(
      "function startGitListing",
    );
    expect(statSync(join(bundle, early[0] ?? "")).size).toBeLessThan(40_000);
    expect(bare).toEqual([]);
  });

  it("takes Node's built-ins on demand, so an audit loads none it does not use", () => {
    // An ES import of a built-in reads every export of it: `node:fs`'s `promises` loads
    // fs/promises and readline, `node:util`'s worker_threads. The bundle imports none.
    for (const file of readdirSync(bundle)) {
      const code = readFileSync(join(bundle, file), "utf8");
      expect(code, file).not.toMatch(/^import\s[^"']*?["']node:/m);
    }
    const dir = mkdtempSync(join(tmpdir(), "paved-builtins-"));
    try {
      writeFileSync(join(dir, "package.json"), '{ "name": "x" }\n');
      const preload = join(dir, "loaded.cjs");
      writeFileSync(
        preload,
        'process.on("exit", () => process.stderr.write(JSON.stringify(process.moduleLoadList)));\n',
      );
      const run = spawnSync(
        process.execPath,
        ["-r", preload, join(bundle, "paved.mjs"), "audit", dir, "--format", "json"],
        { encoding: "utf8" },
      );
      const loaded = JSON.parse(run.stderr) as string[];
      expect(loaded).toContain("NativeModule fs");
      for (const unused of ["internal/fs/promises", "worker_threads", "internal/util/diff"])
        expect(loaded).not.toContain(`NativeModule ${unused}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has the packages' versions written in, as the unbundled code reads them", () => {
    const conformance = JSON.parse(
      readFileSync(join(packageRoot, "..", "conformance", "package.json"), "utf8"),
    ) as { version: string };
    const dir = mkdtempSync(join(tmpdir(), "paved-bundle-"));
    try {
      const report = spawnSync(
        process.execPath,
        [join(bundle, "paved.mjs"), "audit", dir, "--format", "json"],
        { encoding: "utf8" },
      );
      expect(report.stderr).toBe("");
      expect((JSON.parse(report.stdout) as { tool: { version: string } }).tool.version).toBe(
        conformance.version,
      );
      const unbundled = spawnSync(
        process.execPath,
        [join(packageRoot, "dist", "bin.js"), "audit", dir, "--format", "json"],
        { encoding: "utf8" },
      );
      expect(report.stdout).toBe(unbundled.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
