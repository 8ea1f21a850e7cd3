import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("generated docs", () => {
  it("docs/rules.md and the config schema match the rules' metadata", () => {
    const run = spawnSync(
      process.execPath,
      [join(import.meta.dirname, "generate.mjs"), "--check"],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
