import type { Report } from "../audit.js";
import { terminalText } from "./escape.js";

/** The report with every string made terminal-safe (see terminalText), for the text reporters. */
export function printableReport(report: Report): Report {
  return JSON.parse(JSON.stringify(report), (_key, value: unknown) =>
    typeof value === "string" ? terminalText(value) : value,
  ) as Report;
}
