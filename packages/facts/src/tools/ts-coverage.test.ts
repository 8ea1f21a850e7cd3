import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { typeScriptOutsideConfigs } from "./ts-coverage.js";

const outside = (files: Record<string, string>, dir = "") =>
  typeScriptOutsideConfigs(
    Object.keys(files).sort(),
    (path) => (files[path] === undefined ? undefined : (JSON.parse(files[path]) as unknown)),
    dir,
  );

describe("typeScriptOutsideConfigs", () => {
  it("finds the TypeScript files no tsconfig includes: root configs beside an include of src", () => {
    expect(
      outside({
        "tsconfig.json": JSON.stringify({ include: ["src", "test/**/*.ts"] }),
        "src/a.ts": "",
        "src/deep/b.tsx": "",
        "test/a.test.ts": "",
        "vitest.config.ts": "",
        "examples/type-safety.ts": "",
        "scripts/build.js": "",
      }),
    ).toEqual(["examples/type-safety.ts", "vitest.config.ts"]);
  });

  it("reads files, exclude, outDir, extends and solution configs' references", () => {
    expect(
      outside({
        "tsconfig.json": JSON.stringify({
          files: [],
          references: [{ path: "./tsconfig.app.json" }, { path: "./tools" }],
        }),
        "tsconfig.app.json": JSON.stringify({
          extends: "./tsconfig.base.json",
          exclude: ["src/**/*.spec.ts"],
        }),
        "tsconfig.base.json": JSON.stringify({ include: ["src"] }),
        "tools/tsconfig.json": JSON.stringify({ files: ["gen.ts"] }),
        "src/main.ts": "",
        "src/main.spec.ts": "",
        "tools/gen.ts": "",
        "tools/other.ts": "",
      }),
    ).toEqual(["src/main.spec.ts", "tools/other.ts"]);
    // No include and no files: everything under the config, less outDir and node_modules.
    expect(
      outside({
        "tsconfig.json": JSON.stringify({ compilerOptions: { outDir: "lib" } }),
        "a.ts": "",
        "lib/a.d.ts": "",
        "node_modules/x/index.d.ts": "",
      }),
    ).toEqual(["lib/a.d.ts", "node_modules/x/index.d.ts"]);
  });

  it("searches every tsconfig.json from the file's directory up, and only under dir", () => {
    const files = {
      "tsconfig.json": JSON.stringify({ include: ["packages/*/scripts"] }),
      "packages/a/tsconfig.json": JSON.stringify({ include: ["src"] }),
      "packages/a/src/x.ts": "",
      "packages/a/scripts/y.ts": "",
      "packages/a/vite.config.ts": "",
      "root.ts": "",
    };
    expect(outside(files)).toEqual(["packages/a/vite.config.ts", "root.ts"]);
    expect(outside(files, "packages/a")).toEqual(["packages/a/vite.config.ts"]);
  });

  it("reads each config once, however a hostile repository's configs extend and reference each other", () => {
    const files: Record<string, string> = {
      "tsconfig.json": JSON.stringify({
        extends: ["./c0.json", "./c0.json"],
        references: [{ path: "./c0.json" }, { path: "./c0.json" }],
      }),
      "a.ts": "",
    };
    // Each config extends and references the next twice, and the last the first: a loop. None
    // takes a.ts in, so every reference is followed.
    for (let i = 0; i < 40; i += 1) {
      const next = `./c${String((i + 1) % 40)}.json`;
      files[`c${String(i)}.json`] = JSON.stringify({
        extends: [next, next],
        references: [{ path: next }, { path: next }],
        include: ["nothing"],
      });
    }
    const reads = new Map<string, number>();
    const outsideFiles = typeScriptOutsideConfigs(Object.keys(files).sort(), (path) => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return files[path] === undefined ? undefined : (JSON.parse(files[path]) as unknown);
    });
    expect(outsideFiles).toEqual(["a.ts"]);
    expect([...reads.values()].every((count) => count === 1)).toBe(true);
    expect(reads.size).toBe(41);
  });

  it("agrees with tsc --listFilesOnly on what a config takes in", () => {
    const files: Record<string, string> = {
      "tsconfig.json": JSON.stringify({
        extends: "./configs/base.json",
        compilerOptions: { outDir: "out", noEmit: true },
        exclude: ["src/legacy", "**/*.skip.ts"],
      }),
      "configs/base.json": JSON.stringify({ include: ["../src", "../*.config.ts"] }),
      "src/a.ts": "export {};\n",
      "src/legacy/old.ts": "export {};\n",
      "src/b.skip.ts": "export {};\n",
      "src/c/d.mts": "export {};\n",
      "vite.config.ts": "export {};\n",
      "other.ts": "export {};\n",
      "out/e.d.ts": "export {};\n",
    };
    const dir = mkdtempSync(join(tmpdir(), "paved-ts-coverage-"));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
      const listed = execFileSync(process.execPath, [tsc, "-p", dir, "--listFilesOnly"], {
        encoding: "utf8",
      })
        .split("\n")
        .filter((line) => line.startsWith(dir))
        .map((line) => line.slice(dir.length + 1));
      const sources = Object.keys(files).filter((path) => /\.m?ts$/.test(path));
      expect(outside(files).sort()).toEqual(
        sources.filter((path) => !listed.includes(path)).sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
