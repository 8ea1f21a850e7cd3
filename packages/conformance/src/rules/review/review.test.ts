import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import codeowners from "./codeowners.js";
import prTemplate from "./pr-template.js";

const monorepo = {
  "package.json": manifest({ private: true, workspaces: ["packages/*", "apps/*"] }),
  "packages/core/package.json": manifest({ name: "core" }),
  "apps/api/package.json": manifest({
    name: "api",
    private: true,
    scripts: { start: "node main.js" },
  }),
};

describe("review/codeowners", () => {
  it("passes when a catch-all owns everything", () => {
    expect(
      outcomes(codeowners, { ...monorepo, ".github/CODEOWNERS": "* @acme/platform\n" }),
    ).toEqual(["pass"]);
  });

  it("names the packages nobody owns", () => {
    const [verdict] =
      runRule(codeowners, {
        ...monorepo,
        ".github/CODEOWNERS": "/packages/ @acme/core\n/package.json @acme/platform\n",
      }).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.message).toContain("apps/api");
    expect(verdict?.message).not.toContain("packages/core");
    // The file is there: the fix is a line in it, with an owner it already names.
    expect(verdict?.remediation).toBe(
      "Add a line to .github/CODEOWNERS for each of them (`/apps/api/ @acme/core`), or a catch-all `* @acme/core` as its first line.",
    );
  });

  it("asks for owners in the file it has, not for a new file", () => {
    const noOwners = runRule(codeowners, { ...monorepo, CODEOWNERS: "/packages/\n" }).get(".");
    expect(noOwners?.[0]?.message).toBe("CODEOWNERS assigns no owners.");
    expect(noOwners?.[0]?.remediation).toBe(
      "Give each line of CODEOWNERS an owner, starting with a catch-all: `* @your-org/your-team`.",
    );
    const noRoot = runRule(codeowners, {
      ...monorepo,
      ".github/CODEOWNERS": "/packages/ @acme/core\n/apps/ @acme/web\n",
    }).get(".");
    expect(noRoot?.[0]?.remediation).toBe(
      "Add `* @acme/core` as the first line of .github/CODEOWNERS: later lines still decide for their paths.",
    );
  });

  it("lets the last matching line decide, and a line without owners take ownership away", () => {
    const [verdict] =
      runRule(codeowners, {
        ...monorepo,
        ".github/CODEOWNERS": "* @acme/platform\n/apps/api/\n",
      }).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.message).toContain("apps/api");
    expect(
      outcomes(codeowners, {
        ...monorepo,
        ".github/CODEOWNERS": "/apps/ @acme/web\n* @acme/platform # everyone\n",
      }),
    ).toEqual(["pass"]);
  });

  it("fails without CODEOWNERS", () => {
    expect(outcomes(codeowners, monorepo)).toEqual(["fail"]);
  });
});

describe("review/pr-template", () => {
  it("finds GitHub and GitLab templates", () => {
    expect(
      outcomes(prTemplate, { "package.json": "{}", ".github/pull_request_template.md": "## Why" }),
    ).toEqual(["pass"]);
    expect(
      outcomes(prTemplate, {
        "package.json": "{}",
        ".gitlab/merge_request_templates/default.md": "## Why",
      }),
    ).toEqual(["pass"]);
    expect(outcomes(prTemplate, { "package.json": "{}" })).toEqual(["fail"]);
  });
});
