import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixLine, ruleReference } from "./generate.mjs";

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

  it("shows each station's core evidence, and beside each rule how the facts it reads decide", () => {
    const reference = ruleReference();
    const section = reference.split("### `ci/actions-pinned`")[1]?.split("### ")[0] ?? "";
    expect(section).toContain("- Reads `ci-actions`: Every `uses:` of a GitHub workflow");
    expect(reference).toContain(
      "Core evidence: owners who must review each change (CODEOWNERS), not only a PR template",
    );
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
