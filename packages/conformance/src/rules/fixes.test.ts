import { describe, expect, it } from "vitest";
import { discoverProjects } from "@paved/facts";
import { indexMemory } from "@paved/facts";
import { rules } from "./all.js";
import { applyChanges } from "./fixes.js";
import { outcomes } from "./rule-tester.js";

/** A repository that fails every rule: only a bare package.json. */
const bare = { "package.json": `${JSON.stringify({ name: "app", private: true }, null, 2)}\n` };
const fixable = rules.filter((rule) => rule.meta.fix !== undefined);

describe("rule fixes", () => {
  it("are offered by the rules whose fix is safe", () => {
    expect(fixable.map((rule) => rule.meta.id).sort()).toEqual([
      "dependency-updates/bot",
      "review/pr-template",
      "runtime/engines",
      "runtime/node-version-pinned",
      "security/policy",
    ]);
  });

  it.each(fixable.map((rule) => [rule.meta.id, rule] as const))(
    "%s: applying the fix makes the failing rule pass",
    (_, rule) => {
      expect(outcomes(rule, bare)).toEqual(["fail"]);
      const index = indexMemory(bare);
      const [root] = discoverProjects(index);
      if (!root) throw new Error("no root project");
      const fixed = applyChanges(bare, rule.meta.fix?.changes(root) ?? []);
      expect(outcomes(rule, fixed)).toEqual(["pass"]);
    },
  );

  it("never overwrites: existing files stay, existing JSON values win", () => {
    const existing = {
      "package.json": JSON.stringify({ name: "app", engines: { node: ">=20", npm: ">=10" } }),
      "SECURITY.md": "ours",
    };
    const changes = [
      { path: "package.json", addJson: { engines: { node: ">=22.12" }, type: "module" } },
      { path: "SECURITY.md", create: "theirs" },
    ];
    const result = applyChanges(existing, changes);
    expect(JSON.parse(result["package.json"] ?? "{}")).toEqual({
      name: "app",
      engines: { node: ">=20", npm: ">=10" },
      type: "module",
    });
    expect(result["SECURITY.md"]).toBe("ours");
  });
});
