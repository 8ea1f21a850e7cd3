import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const scratch = mkdtempSync(join(tmpdir(), "paved-interrupt-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("writePlan and signals", () => {
  it.each(["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const)(
    "finishes (or undoes) its work before a %s that arrives while it writes takes effect",
    (signal) => {
      const dist = join(import.meta.dirname, "..", "dist", "index.js");
      const script = join(scratch, "interrupt.mjs");
      // The process sends itself SIGINT from inside the writer, half-way through the files.
      writeFileSync(
        script,
        `import * as fs from "node:fs";
import { diskTree, planNew, writePlan } from ${JSON.stringify(dist)};
const root = process.argv[2];
const plan = planNew({ kind: "service", name: "orders", owner: "@acme/payments" }, diskTree(root));
let writes = 0;
const interrupting = { ...fs, writeSync(...args) {
  writes += 1;
  if (writes === 8) process.kill(process.pid, process.argv[3]);
  return fs.writeSync(...args);
} };
writePlan(root, plan, { fs: interrupting });
await new Promise((resolve) => setTimeout(resolve, 2000));
console.log("not reached: the held signal ends the process once the writer is done");
`,
      );
      const root = join(scratch, `target-${signal}`);
      mkdirSync(root);
      const run = spawnSync(process.execPath, [script, root, signal], { encoding: "utf8" });
      expect(run.signal).toBe(signal);
      expect(run.stdout).toBe("");
      // The whole project, and nothing left over from staging.
      expect(existsSync(join(root, "orders", "src", "main.ts"))).toBe(true);
      expect(readdirSync(root)).toEqual(["orders"]);
    },
  );
});
