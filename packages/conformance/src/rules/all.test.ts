import { readdirSync } from "node:fs";
import { join } from "node:path";
import { stations } from "@paved/stations";
import { describe, expect, it } from "vitest";
import { rules } from "./all.js";

const ruleFiles = readdirSync(import.meta.dirname, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "evidence")
  .flatMap((dir) =>
    readdirSync(join(import.meta.dirname, dir.name))
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .map((file) => `${dir.name}/${file.replace(/\.ts$/, "")}`),
  );

describe("the rule set", () => {
  it("registers one rule per file, each file named for its rule id", () => {
    expect(rules.map((rule) => rule.meta.id).sort()).toEqual([...ruleFiles].sort());
  });

  it("matches the station catalogue's rule lists exactly", () => {
    for (const station of stations) {
      const own = rules
        .filter((rule) => rule.meta.station === station.id)
        .map((rule) => rule.meta.id);
      expect(own.sort(), station.id).toEqual([...station.rules].sort());
    }
  });

  it("gives every rule its metadata: description, why it matters, remediation", () => {
    for (const { meta } of rules) {
      expect(meta.id.startsWith(`${meta.station}/`), meta.id).toBe(true);
      for (const text of [meta.description, meta.rationale, meta.remediation])
        expect(text.length, meta.id).toBeGreaterThan(20);
    }
  });
});
