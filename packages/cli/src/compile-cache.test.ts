import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileCacheDir } from "./compile-cache.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-compile-cache-"));
const uid = process.getuid?.();
let cases = 0;
const home = (): string => {
  cases += 1;
  const dir = join(scratch, String(cases));
  mkdirSync(dir);
  return dir;
};

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(uid === undefined)("the compile cache", () => {
  it("lives in the user's cache directory, created 0700", () => {
    const base = home();
    const dir = compileCacheDir({ XDG_CACHE_HOME: base });
    expect(dir).toBe(join(base, "paved", "compile-cache"));
    expect(statSync(join(base, "paved")).mode & 0o777).toBe(0o700);
    expect(statSync(join(base, "paved", "compile-cache")).mode & 0o777).toBe(0o700);
  });

  it("is refused when someone else owns it", () => {
    const base = home();
    expect(compileCacheDir({ XDG_CACHE_HOME: base })).toBeDefined();
    expect(compileCacheDir({ XDG_CACHE_HOME: base }, (uid ?? 0) + 1)).toBeUndefined();
  });

  it("is refused when others can write to it, or it is a link", () => {
    const open = home();
    mkdirSync(join(open, "paved"), { mode: 0o700 });
    chmodSync(join(open, "paved"), 0o777);
    expect(compileCacheDir({ XDG_CACHE_HOME: open })).toBeUndefined();
    const linked = home();
    const elsewhere = home();
    symlinkSync(elsewhere, join(linked, "paved"));
    expect(compileCacheDir({ XDG_CACHE_HOME: linked })).toBeUndefined();
  });

  it("ignores a relative XDG_CACHE_HOME, as the XDG specification says", () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: "relative/cache" })).not.toContain("relative");
  });

  it("is what the built CLI uses, and never the shared temporary directory", () => {
    const base = home();
    // Vitest's coverage run disables the cache for its children; a user's shell does not.
    const inherited = Object.entries(process.env).filter(
      ([name]) => name !== "NODE_COMPILE_CACHE" && name !== "NODE_DISABLE_COMPILE_CACHE",
    );
    const env = { ...Object.fromEntries(inherited), XDG_CACHE_HOME: base };
    const bin = join(import.meta.dirname, "..", "dist", "paved.cjs");
    const run = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8", env });
    expect(run.status).toBe(0);
    expect(readdirSync(join(base, "paved", "compile-cache")).length).toBeGreaterThan(0);
    // A cache the user chose to turn off stays off.
    const off = home();
    const disabled = { ...env, XDG_CACHE_HOME: off, NODE_DISABLE_COMPILE_CACHE: "1" };
    spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8", env: disabled });
    expect(readdirSync(off)).toEqual([]);
  });
});
