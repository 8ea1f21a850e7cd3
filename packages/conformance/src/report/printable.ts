import type { Report } from "../audit.js";

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from the audited repository (a script, a path, a package name) shown on a terminal or in
 * Markdown: control characters become visible escapes and line breaks a `↵`, so a repository
 * cannot clear the screen, set the clipboard or print a fake line of the report.
 */
export function printable(text: string): string {
  return text
    .replace(/\r?\n/g, " ↵ ")
    .replace(control, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The report with every string made printable, for the text reporters. */
export function printableReport(report: Report): Report {
  return JSON.parse(JSON.stringify(report), (_key, value: unknown) =>
    typeof value === "string" ? printable(value) : value,
  ) as Report;
}
