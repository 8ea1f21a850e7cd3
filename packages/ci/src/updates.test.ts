import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderUpdates } from "./updates.js";

// That the audit passes these configs is checked beside the rules, in @paved/conformance.

describe("renderUpdates", () => {
  it("configures Renovate with its recommended presets and pinned action digests", () => {
    const files = renderUpdates("renovate");
    expect([...files.keys()]).toEqual(["renovate.json"]);
    expect(JSON.parse(files.get("renovate.json") ?? "")).toMatchObject({
      extends: ["config:recommended", "helpers:pinGitHubActionDigests"],
    });
  });

  it("configures Dependabot for npm and the GitHub Actions the workflows pin", () => {
    const files = renderUpdates("dependabot");
    const config = parse(files.get(".github/dependabot.yml") ?? "") as {
      version: number;
      updates: { "package-ecosystem": string; schedule: { interval: string } }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update["package-ecosystem"])).toEqual([
      "npm",
      "github-actions",
    ]);
  });
});
