import { describe, expect, it } from "vitest";
import { manifest, outcomes } from "../rule-tester.js";
import engines from "./engines.js";
import nodeVersionPinned from "./node-version-pinned.js";
import packageManager from "./package-manager.js";

describe("runtime rules", () => {
  it("engines: engines.node declared", () => {
    expect(
      outcomes(engines, { "package.json": manifest({ engines: { node: ">=22.12" } }) }),
    ).toEqual(["pass"]);
    expect(outcomes(engines, { "package.json": manifest({}) })).toEqual(["fail"]);
  });

  it("node-version-pinned: .nvmrc, .tool-versions or Volta", () => {
    expect(outcomes(nodeVersionPinned, { "package.json": manifest({}), ".nvmrc": "24\n" })).toEqual(
      ["pass"],
    );
    expect(
      outcomes(nodeVersionPinned, {
        "package.json": manifest({}),
        ".tool-versions": "nodejs 24.11.0\n",
      }),
    ).toEqual(["pass"]);
    expect(
      outcomes(nodeVersionPinned, { "package.json": manifest({ volta: { node: "24.11.0" } }) }),
    ).toEqual(["pass"]);
    expect(
      outcomes(nodeVersionPinned, {
        "package.json": manifest({}),
        ".tool-versions": "python 3.12\n",
      }),
    ).toEqual(["fail"]);
  });

  it("package-manager: an exact packageManager", () => {
    expect(
      outcomes(packageManager, { "package.json": manifest({ packageManager: "pnpm@10.34.8" }) }),
    ).toEqual(["pass"]);
    expect(
      outcomes(packageManager, { "package.json": manifest({ packageManager: "pnpm@10" }) }),
    ).toEqual(["fail"]);
    expect(outcomes(packageManager, { "package.json": manifest({}) })).toEqual(["fail"]);
  });
});
