import { mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { FleetConfig } from "./config.js";
import { renderHtml } from "./dashboard/html.js";
import { renderDashboardJson, renderMarkdownDigest } from "./dashboard/markdown.js";
import { buildDashboard, type Dashboard } from "./dashboard/model.js";
import { writeWhole } from "./store.js";

export const reportFormats = ["html", "markdown", "json"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface ReportOptions {
  config: FleetConfig;
  /** YYYY-MM-DD: what "expiring within 30 days" and "deadline passed" are measured from. */
  today: string;
  generated?: string;
}

export function fleetDashboard(dir: string, options: ReportOptions): Dashboard {
  return buildDashboard(
    dir,
    options.config,
    options.today,
    options.generated ?? new Date().toISOString(),
  );
}

/** Writes the static dashboard into `out` (one folder; links to the reports in `dir`). */
export function writeHtmlDashboard(dir: string, out: string, model: Dashboard): string[] {
  const files = renderHtml(model, (report) =>
    relative(join(out, "repos"), join(dir, report)).split("\\").join("/"),
  );
  for (const [path, content] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeWhole(join(out, path), content);
  }
  return [...files.keys()];
}

/** The markdown digest or the JSON data of the dashboard. */
export function renderReport(model: Dashboard, format: Exclude<ReportFormat, "html">): string {
  return format === "markdown" ? renderMarkdownDigest(model) : renderDashboardJson(model);
}
