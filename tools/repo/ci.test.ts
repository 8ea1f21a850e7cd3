import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const paved = join(root, "packages", "cli", "dist", "bundle", "paved.mjs");

describe("this repository's own pipeline", () => {
  it("is the CI preset's, as paved ci renders it from the root scripts (run `./paved ci`)", () => {
    const check = spawnSync(process.execPath, [paved, "ci", root, "--check"], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.stdout).toBe("Pipeline up to date.\n");
    expect(check.status).toBe(0);
  });
});
