// The repository's own .husky/pre-commit: CI never runs it, developers' commits run lint-staged.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const hook = join(import.meta.dirname, "..", "..", ".husky", "pre-commit");
// A directory without ./dev: reaching the lint-staged line there fails, so exit 0 means skipped.
const elsewhere = mkdtempSync(join(tmpdir(), "paved-hook-"));

function runHook(ci: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (ci === undefined) delete env["CI"];
  else env["CI"] = ci;
  return spawnSync("sh", [hook], { cwd: elsewhere, encoding: "utf8", env });
}

describe(".husky/pre-commit", () => {
  afterAll(() => {
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it.each(["true", "1"])("does nothing when CI=%s", (ci) => {
    expect(runHook(ci).status).toBe(0);
  });

  it("runs lint-staged through ./dev otherwise", () => {
    const run = runHook(undefined);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/\.\/dev/);
  });
});
