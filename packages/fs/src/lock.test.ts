import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const scratch = mkdtempSync(join(tmpdir(), "paved-fs-lock-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const dist = join(import.meta.dirname, "..", "dist", "index.js");

/** A writer that reads a file, pauses, then writes it back with one more line: a lost update
 * whenever two run at once without the lock. */
const editor = (locked: boolean) => `
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withLock, writeFiles } from ${JSON.stringify(dist)};
const [root, line] = process.argv.slice(2);
const edit = () => {
  const text = readFileSync(join(root, "CODEOWNERS"), "utf8");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
  writeFiles(root, new Map([["CODEOWNERS", text + line + "\\n"]]), { overwrite: true });
};
${locked ? "withLock(root, edit);" : "edit();"}
`;

function runAll(script: string, root: string, count: number): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, [script, root, `line-${String(i)}`], {
            stdio: "inherit",
          });
          child.on("close", (code) => {
            resolve(code ?? -1);
          });
        }),
    ),
  );
}

describe("withLock", () => {
  it("lets four parallel writers of one workspace keep every line", async () => {
    const results: Record<string, number> = {};
    for (const locked of [false, true]) {
      const root = mkdtempSync(join(scratch, "ws-"));
      writeFileSync(join(root, "CODEOWNERS"), "* @org/platform\n");
      const script = join(root, "..", `editor-${String(locked)}.mjs`);
      writeFileSync(script, editor(locked));
      expect(await runAll(script, root, 4)).toEqual([0, 0, 0, 0]);
      results[String(locked)] = readFileSync(join(root, "CODEOWNERS"), "utf8")
        .trim()
        .split("\n").length;
      // The lock is gone afterwards.
      expect(readdirSync(root)).toEqual(["CODEOWNERS"]);
    }
    // Without the lock the same race loses lines; with it, none is lost.
    expect(results["false"]).toBeLessThan(5);
    expect(results["true"]).toBe(5);
  });
});
