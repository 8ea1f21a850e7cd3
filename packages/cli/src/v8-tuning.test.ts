import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tunable } from "./v8-tuning.js";

const dist = join(import.meta.dirname, "..", "dist");
const scratch = mkdtempSync(join(tmpdir(), "paved-v8-tuning-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs `body` as an ES module in a fresh Node.js with V8's natives syntax, the built
 * v8-tuning.js imported as `tuning`; gives its standard output.
 */
function probe(name: string, body: string): string {
  const file = join(scratch, `${name}.mjs`);
  writeFileSync(
    file,
    `const tuning = await import(${JSON.stringify(pathToFileURL(join(dist, "v8-tuning.js")).href)});\n${body}`,
  );
  const run = spawnSync(process.execPath, ["--allow-natives-syntax", file], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.trim();
}

// Bits of %GetOptimizationStatus (V8's runtime.h): optimized, by Maglev or TurboFan, marked
// for it, or being compiled; and a function not compiled yet.
const optimizing = 16 | 32 | 64 | 256 | 512 | 1024 | (1 << 22) | (1 << 23);
const lazy = 1 << 18;

describe("tunable", () => {
  it("holds for the V8s the flags were checked on, and no other", () => {
    expect(tunable("12.4.254.21-node.57")).toBe(true);
    expect(tunable("13.6.233.17-node.53")).toBe(true);
    expect(tunable("14.1.146.11-node.25")).toBe(true);
    expect(tunable("11.3.244.8-node.25")).toBe(false);
    expect(tunable("15.0.10")).toBe(false);
    expect(tunable("")).toBe(false);
  });

  it("holds for the V8 of the Node.js this project pins", () => {
    expect(tunable()).toBe(true);
  });
});

describe("tuneForShortRun", () => {
  // A function with a small loop, called a thousand times: V8's own thresholds have it on its
  // way to Maglev by then; the short-run ones do not.
  const calls = (tune: boolean) => `
    ${tune ? "tuning.tuneForShortRun();" : ""}
    function hot(x) { let s = 0; for (let i = 0; i < 3; i++) s += x * i; return s; }
    let total = 0;
    for (let i = 0; i < 1000; i++) total += hot(i);
    process.stdout.write(String(%GetOptimizationStatus(hot) & ${String(optimizing)}) + " " + String(total > 0));
  `;

  it("keeps V8 from optimizing a function a short run calls a thousand times", () => {
    expect(probe("default", calls(false))).not.toMatch(/^0 /);
    expect(probe("tuned", calls(true))).toBe("0 true");
  });

  it("changes nothing on a V8 it was not checked on", () => {
    expect(
      probe("untested", `process.stdout.write(String(tuning.tuneForShortRun("99.0.0")));`),
    ).toBe("false");
  });
});

describe("compiledEagerly", () => {
  it("compiles every function of what it loads, and only of that", () => {
    for (const name of ["eager", "normal"])
      writeFileSync(
        join(scratch, `${name}-module.mjs`),
        "export function unused() { return 1; }\n",
      );
    const output = probe(
      "eagerly",
      `
      const url = (name) => new URL(\`./\${name}-module.mjs\`, import.meta.url).href;
      const eager = await tuning.compiledEagerly(() => import(url("eager")));
      const normal = await import(url("normal"));
      const bit = (f) => (%GetOptimizationStatus(f) & ${String(lazy)}) === 0 ? "compiled" : "lazy";
      process.stdout.write(bit(eager.unused) + " " + bit(normal.unused));
      `,
    );
    expect(output).toBe("compiled lazy");
  });

  it("restores lazy compilation when loading fails", () => {
    writeFileSync(
      join(scratch, "after-fail-module.mjs"),
      "export function unused() { return 1; }\n",
    );
    const output = probe(
      "failing",
      `
      const failed = await tuning.compiledEagerly(() => import("./missing-module.mjs")).catch(() => "failed");
      const later = await import(new URL("./after-fail-module.mjs", import.meta.url).href);
      process.stdout.write(failed + " " + ((%GetOptimizationStatus(later.unused) & ${String(lazy)}) === 0 ? "compiled" : "lazy"));
      `,
    );
    expect(output).toBe("failed lazy");
  });
});

describe("the built CLI", () => {
  it("keeps its compile cache from run to run, and prints nothing of V8's", () => {
    const repo = mkdtempSync(join(scratch, "repo-"));
    writeFileSync(join(repo, "package.json"), '{ "name": "probe", "version": "1.0.0" }\n');
    const inherited = Object.entries(process.env).filter(
      ([name]) => name !== "NODE_COMPILE_CACHE" && name !== "NODE_DISABLE_COMPILE_CACHE",
    );
    const env = { ...Object.fromEntries(inherited), XDG_CACHE_HOME: join(scratch, "cache") };
    const bin = join(dist, "paved.cjs");
    const audit = (debug: boolean) =>
      spawnSync(process.execPath, [bin, "audit", repo, "--format", "json"], {
        encoding: "utf8",
        env: debug ? { ...env, NODE_DEBUG_NATIVE: "COMPILE_CACHE" } : env,
      });
    const first = audit(false);
    expect(first.stderr).toBe("");
    expect(JSON.parse(first.stdout)).toHaveProperty("score");
    // The engine's chunks were written under the same flags they are read under.
    const second = audit(true).stderr;
    const engine = second
      .split("\n")
      .filter((line) => /cli\.mjs was (accepted|rejected)/.test(line));
    expect(engine).toHaveLength(1);
    expect(engine[0]).toContain("was accepted");
    expect(second).not.toMatch(/\.mjs was rejected/);
  });
});
