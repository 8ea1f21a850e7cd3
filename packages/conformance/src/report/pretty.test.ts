import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { sampleReport } from "./__fixtures__/sample.js";
import { renderPretty } from "./pretty.js";

/** Whether the text holds escape sequences: colours, bold, resets. */
const styled = (text: string): boolean => stripVTControlCharacters(text) !== text;

describe("the pretty report", () => {
  const report = sampleReport();

  it("has no escape sequences when colour is off", () => {
    expect(styled(renderPretty(report, false))).toBe(false);
  });

  it("is coloured when colour is on, with the same text underneath", () => {
    const coloured = renderPretty(report, true);
    expect(styled(coloured)).toBe(true);
    expect(stripVTControlCharacters(coloured)).toBe(renderPretty(report, false));
  });

  it("shows each station, what to fix, the blind spots and the score", () => {
    const text = renderPretty(report, false);
    for (const station of report.stations) expect(text).toContain(station.title);
    expect(text).toContain("To fix");
    expect(text).toContain("ci/actions-pinned .github/workflows/ci #1.yml:6 (.)");
    expect(text).toContain("Blind spots — defects this line lets through");
    for (const spot of report.blindSpots)
      expect(text).toContain(`${spot.title}: ${spot.defectClass}`);
    expect(text.trimEnd().split("\n").at(-1)).toMatch(
      new RegExp(`^Score ${String(report.score)}/100 {2}coverage \\d+% of rules evaluated$`),
    );
  });
});

describe("text from the audited repository", () => {
  it("cannot drive the terminal: control characters and line breaks are shown, not sent", async () => {
    const { indexMemory } = await import("@paved/facts");
    const { auditIndex } = await import("../audit.js");
    const hostile = JSON.stringify({
      name: "x",
      packageManager: "pnpm\u001b[2J\u001b]52;c;ZXZpbA==\u0007\nScore 100/100",
    });
    const text = renderPretty(auditIndex(indexMemory({ "package.json": hostile }), "/repo"), false);
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u0007");
    expect(text).toContain("\\u001b[2J");
    expect(text.split("\n").filter((line) => line.startsWith("Score 100/100"))).toEqual([]);
  });
});

describe("configuration text from the audited repository", () => {
  it("shows escapes and bidi overrides in waivers as escapes", () => {
    const report = sampleReport();
    const text = renderPretty(
      {
        ...report,
        config: {
          ...report.config,
          waived: [
            {
              ruleId: "ci/timeouts",
              project: ".",
              reason: "ok\u001b]0;owned\u0007 \u202egnp.exe",
              owner: "@a\u009b2J",
              expires: "2099-01-01",
              source: "paved.config.json",
            },
          ],
        },
      },
      false,
    );
    for (const raw of ["\u001b", "\u0007", "\u009b", "\u202e"]) expect(text).not.toContain(raw);
    expect(text).toContain("ok\\u001b]0;owned\\u0007 \\u202egnp.exe");
    expect(text).toContain("owner @a\\u009b2J");
  });
});
