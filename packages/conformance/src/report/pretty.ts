import { styleText } from "node:util";
import { deliveryLine } from "@paved/delivery";
import type { Report } from "../audit.js";
import { printableReport } from "./printable.js";
import { findingTag, governanceLines } from "./governance.js";
import { notJudgedLine } from "./roles.js";

type Style = Parameters<typeof styleText>[0];

const mark: Record<string, [string, Style]> = {
  pass: ["✔", "green"],
  partial: ["◐", "yellow"],
  fail: ["✖", "red"],
  "not-evaluated": ["?", "magenta"],
  "not-applicable": ["–", "gray"],
};

/** Terminal output: stations first, then what to fix. Colours only when `color` is true. */
export function renderPretty(untrusted: Report, color: boolean): string {
  const report = printableReport(untrusted);
  const paint = (style: Style, text: string): string =>
    color ? styleText(style, text, { validateStream: false }) : text;
  const out: string[] = [];
  out.push(paint("bold", `Paved audit of ${report.target.path}`));
  out.push(
    `${String(report.target.files)} files (${report.target.method}), ${String(report.target.projects.length)} project(s)`,
  );
  const notJudged = notJudgedLine(report);
  if (notJudged) out.push(paint("gray", notJudged));
  out.push("");
  for (const station of report.stations) {
    const [symbol, style] = mark[station.status] ?? ["", "white"];
    const score = station.score === null ? "  —" : String(station.score).padStart(3);
    out.push(
      `  ${paint(style, symbol)} ${station.title.padEnd(20)} ${score}  ${paint("gray", station.status)}`,
    );
    // Why a station is only partial: a blind spot's reason is told below, with the blind spots.
    if (station.status === "partial" && station.why !== undefined)
      out.push(`      ${paint("gray", station.why)}`);
  }
  const failures = report.findings.filter((finding) => finding.outcome === "fail");
  if (failures.length > 0) {
    out.push("", paint("bold", "To fix"));
    for (const finding of failures) {
      const where = finding.location
        ? ` ${finding.location.path}${finding.location.line ? `:${String(finding.location.line)}` : ""}`
        : "";
      out.push(
        `  ${paint(finding.severity === "error" ? "red" : "yellow", finding.severity.padEnd(7))} ${finding.ruleId}${paint("magenta", findingTag(finding))}${paint("gray", where)} ${paint("gray", `(${finding.project})`)}`,
      );
      out.push(`          ${finding.message}`);
      out.push(`          ${paint("cyan", "→")} ${finding.remediation}`);
    }
  }
  const unevaluated = report.findings.filter((finding) => finding.outcome === "not-evaluated");
  if (unevaluated.length > 0) {
    out.push("", paint("bold", "Not evaluated"));
    for (const finding of unevaluated)
      out.push(`  ? ${finding.ruleId} (${finding.project}): ${finding.reason ?? finding.message}`);
  }
  if (report.blindSpots.length > 0) {
    out.push("", paint("bold", "Blind spots — defects this line lets through"));
    for (const spot of report.blindSpots)
      out.push(`  ${paint("red", "●")} ${spot.title}: ${spot.defectClass} (${spot.why})`);
  }
  const governance = governanceLines(report);
  if (governance.length > 0)
    out.push("", paint("bold", "Configuration"), ...governance.map((line) => `  ${line}`));
  for (const problem of report.problems) out.push(paint("yellow", `! ${problem}`));
  if (report.delivery) out.push("", deliveryLine(report.delivery));
  out.push("");
  out.push(
    `${paint("bold", `Score ${String(report.score)}/100`)}  coverage ${String(Math.round(report.coverage * 100))}% of rules evaluated`,
  );
  return `${out.join("\n")}\n`;
}
