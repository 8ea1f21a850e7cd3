import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixLine } from "./generate.mjs";

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

  it("promises `paved adopt` only once the CLI has it", () => {
    const line = fixLine;
    // The CLI of this release has the command.
    expect(line("Add .nvmrc.")).toBe("- Automatic fix (`paved adopt`): Add .nvmrc.");
    expect(line("Add .nvmrc.", "Commands:\n  adopt [DIR]    bring it onto the road\n")).toBe(
      "- Automatic fix (`paved adopt`): Add .nvmrc.",
    );
    expect(
      line("Add .nvmrc.", "More commands arrive with the next releases: adopt.\n"),
    ).not.toMatch(/paved adopt/);
  });
});
