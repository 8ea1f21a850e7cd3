import { describe, expect, it } from "vitest";
import { Facts } from "../facts.js";
import { indexMemory } from "../repo/repo-index.js";
import { codeowners } from "./codeowners.js";

const read = (files: Record<string, string | Buffer>) =>
  new Facts(indexMemory(files)).get(codeowners);

describe("codeowners: the file's rules, each at its line", () => {
  it("reads patterns and owners, leaving out comments, blank lines and GitLab sections", () => {
    const text = "# owners\n* @org/core # everyone\n\n[Docs]\ndocs/ @org/docs\n/vendor/\n";
    expect(read({ ".github/CODEOWNERS": text, CODEOWNERS: "* @other" })).toEqual({
      path: ".github/CODEOWNERS",
      ok: true,
      rules: [
        { pattern: "*", owners: ["@org/core"], line: 2 },
        { pattern: "docs/", owners: ["@org/docs"], line: 5 },
        { pattern: "/vendor/", owners: [], line: 6 },
      ],
    });
  });

  it("says why a file cannot be read, and is absent without one", () => {
    const binary = read({ CODEOWNERS: Buffer.from([0, 1, 2, 0]) });
    expect(binary).toMatchObject({ path: "CODEOWNERS", ok: false });
    expect(read({ "package.json": "{}" })).toBeUndefined();
  });
});
