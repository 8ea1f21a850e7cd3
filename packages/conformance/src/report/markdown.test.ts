import { marked } from "marked";
import { describe, expect, it } from "vitest";
import type { Report } from "../audit.js";
import type { Finding } from "../model.js";
import { sampleReport } from "./__fixtures__/sample.js";
import { markdownBudget, renderMarkdown } from "./markdown.js";

/** Cells of a table row, split on the pipes that are not escaped. */
const cells = (row: string): string[] => row.split(/(?<!\\)\|/).slice(1, -1);

describe("the Markdown report", () => {
  const report = sampleReport();
  const markdown = renderMarkdown(report);
  const lines = markdown.split("\n");

  it("leads with the score and the coverage", () => {
    expect(lines[0]).toBe(`## Paved audit: ${String(report.score)}/100`);
    expect(markdown).toContain(`Coverage ${String(Math.round(report.coverage * 100))}%`);
  });

  it("has a row per station with its status and score", () => {
    for (const station of report.stations) {
      const row = lines.find((line) => line.startsWith(`| ${station.title} |`));
      expect(row, station.id).toBeDefined();
      expect(cells(row ?? "").map((cell) => cell.trim())).toEqual([
        station.title,
        expect.stringContaining(station.status) as string,
        station.score === null ? "—" : String(station.score),
      ]);
    }
  });

  it("names every blind spot and the defects it lets through", () => {
    expect(markdown).toContain("### Blind spots");
    for (const spot of report.blindSpots)
      expect(markdown).toContain(`- **${spot.title}** lets through: ${spot.defectClass}.`);
  });

  it("escapes | in messages so that every findings row keeps its five cells", () => {
    const pinned = lines.find((line) => line.includes("`ci/actions-pinned`"));
    expect(pinned).toContain("\\`actions/checkout@&#8203;v4\\|main\\`");
    const rows = lines.filter((line) => line.startsWith("| `"));
    expect(rows.length).toBe(report.findings.filter((f) => f.outcome === "fail").length);
    for (const row of rows) expect(cells(row), row).toHaveLength(5);
  });

  it("lists what could not be evaluated, with the reason", () => {
    expect(markdown).toContain("<details><summary>Not evaluated</summary>");
    expect(markdown).toContain(
      "- `typecheck/strict` (packages/lib): packages/lib/tsconfig.json: invalid JSON",
    );
  });

  it("keeps a message's newlines from breaking its row", () => {
    const finding: Finding = {
      ruleId: "ci/timeouts",
      station: "ci",
      project: ".",
      outcome: "fail",
      severity: "warning",
      message: "two\nlines | and a pipe",
      remediation: "fix",
      location: { path: "a|b.yml", line: 2 },
    };
    const text = renderMarkdown({ ...report, findings: [finding] });
    const row = text.split("\n").find((line) => line.startsWith("| `ci/timeouts`")) ?? "";
    expect(cells(row)).toHaveLength(5);
    expect(row).toContain("two ↵ lines \\| and a pipe");
    expect(row).toContain("<code>a&#124;b.yml:2</code>");
  });

  it("keeps HTML, links, mentions and code spans from the repository as text", () => {
    const finding: Finding = {
      ruleId: "ci/timeouts",
      station: "ci",
      project: "@acme/admins",
      outcome: "fail",
      severity: "warning",
      message: "<img src=x onerror=alert(1)> [Approve](javascript:alert(1)) `closed` @acme/admins",
      remediation: "fix",
      location: { path: "a`</code><img src=x>.yml", line: 2 },
      waiver: {
        reason: "<script>x</script> [ok](javascript:x) cc @acme/security",
        owner: "@acme/platform",
        expires: "2099-01-01",
        source: "paved.config.json",
      },
    };
    const text = renderMarkdown({
      ...report,
      findings: [finding],
      config: {
        ...report.config,
        waived: [{ ...finding.waiver!, ruleId: finding.ruleId, project: finding.project }],
      },
      problems: ["x/<img src=y>.json: [link](javascript:z)"],
    });
    const html = marked.parse(text, { gfm: true });
    expect(html).not.toMatch(/<img|<script|<a |javascript:[^<]*<\/a>/);
    expect(html).not.toMatch(/(^|[^\u200b])@acme/);
    const row = text.split("\n").find((line) => line.startsWith("| `ci/timeouts`")) ?? "";
    expect(cells(row)).toHaveLength(5);
    expect(row).toContain("<code>a&#96;&#60;/code&#62;&#60;img src&#61;x&#62;.yml:2</code>");
  });

  it("fits a pull-request comment however many findings there are", () => {
    const [first] = report.findings.filter((finding) => finding.outcome === "fail");
    const many: Report = {
      ...report,
      findings: Array.from({ length: 2000 }, (_, index) => ({
        ...first!,
        project: `packages/p${String(index)}`,
      })),
    };
    const text = renderMarkdown(many);
    expect(text.length).toBeLessThanOrEqual(markdownBudget);
    expect(text).toMatch(/…and \d+ more findings, left out to fit a comment/);
    expect(text).toContain("### Blind spots");
  });
});
