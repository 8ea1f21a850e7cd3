import { describe, expect, it } from "vitest";
import { manifest, outcomes } from "../rule-tester.js";
import bot from "./bot.js";

describe("dependency-updates/bot", () => {
  it("passes with Renovate (any config place) or Dependabot for npm", () => {
    expect(outcomes(bot, { "package.json": manifest({}), "renovate.json": "{}" })).toEqual([
      "pass",
    ]);
    expect(
      outcomes(bot, {
        "package.json": manifest({ renovate: { extends: ["config:recommended"] } }),
      }),
    ).toEqual(["pass"]);
    const dependabot =
      "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n";
    expect(
      outcomes(bot, { "package.json": manifest({}), ".github/dependabot.yml": dependabot }),
    ).toEqual(["pass"]);
  });

  it("fails for Dependabot without npm, and without any bot", () => {
    const actionsOnly =
      "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n";
    expect(
      outcomes(bot, { "package.json": manifest({}), ".github/dependabot.yml": actionsOnly }),
    ).toEqual(["fail"]);
    expect(outcomes(bot, { "package.json": manifest({}) })).toEqual(["fail"]);
  });
});
