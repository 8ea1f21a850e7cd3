import { describe, expect, it } from "vitest";
import { manifest, outcomes } from "../rule-tester.js";
import tooling from "./tooling.js";

describe("release/tooling", () => {
  it.each([
    ["changesets", { ".changeset/config.json": "{}" }],
    ["semantic-release", { ".releaserc.json": "{}" }],
    ["release-please", { "release-please-config.json": "{}" }],
    ["Nx release", { "nx.json": '{ "release": { "projects": ["*"] } }' }],
  ])("recognises %s", (_, files) => {
    expect(outcomes(tooling, { "package.json": manifest({}), ...files })).toEqual(["pass"]);
  });

  it("fails without release tooling", () => {
    expect(outcomes(tooling, { "package.json": manifest({}), "nx.json": "{}" })).toEqual(["fail"]);
  });
});
