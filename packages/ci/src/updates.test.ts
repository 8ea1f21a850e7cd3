import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { audit } from "@paved/conformance";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderUpdates, type UpdateBot } from "./updates.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-ci-updates-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

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

  it.each(["renovate", "dependabot"] as UpdateBot[])(
    "passes the audit's dependency-updates station: %s",
    (bot) => {
      const dir = join(scratch, bot);
      const files: [string, string][] = [["package.json", "{}"], ...renderUpdates(bot)];
      for (const [path, text] of files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const finding = audit(dir).findings.find(
        (entry) => entry.ruleId === "dependency-updates/bot",
      );
      expect(finding?.outcome).toBe("pass");
    },
  );
});
