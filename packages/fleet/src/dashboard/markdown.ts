import { markdownText } from "@paved/conformance";
import type { Dashboard } from "./model.js";

const at = 20;

/** A short digest of the dashboard for a chat channel or an issue: the latest run and what changed. */
export function renderMarkdownDigest(model: Dashboard): string {
  const run = model.latestRun;
  if (run === undefined) return "# Paved fleet\n\nNo runs in the history yet.\n";
  const lines = [
    "# Paved fleet",
    "",
    `Latest run ${markdownText(run.time)}: ${String(run.repos)} repositories, ${String(run.errors)} errors, mean score ${run.score === null ? "n/a" : String(run.score)}.`,
    "",
  ];
  if (model.campaigns.length > 0) {
    lines.push(
      "| Campaign | Done | Target | Deadline | Owner | Status |",
      "| --- | ---: | ---: | --- | --- | --- |",
    );
    for (const c of model.campaigns)
      lines.push(
        `| ${markdownText(c.title)} | ${String(c.done)}/${String(c.total)} (${String(c.share)}%) | ${String(c.target)}% | ${c.deadline} | ${markdownText(c.owner)} | ${c.status} |`,
      );
    lines.push("");
  }
  const list = (title: string, items: readonly string[]) => {
    lines.push(`## ${title} (${String(items.length)})`, "");
    for (const item of items.slice(0, at)) lines.push(`- ${item}`);
    if (items.length > at) lines.push(`- … and ${String(items.length - at)} more`);
    lines.push("");
  };
  list(
    "New failures",
    model.newFailures.map((c) => `${markdownText(c.repo)}: ${markdownText(c.finding)}`),
  );
  list(
    "Fixed",
    model.fixed.map((c) => `${markdownText(c.repo)}: ${markdownText(c.finding)}`),
  );
  list(
    "Waivers expiring within 30 days",
    model.expiringWaivers.map(
      (w) =>
        `${markdownText(w.repo)}: ${markdownText(w.rule)} (${markdownText(w.owner)}) on ${w.expires}`,
    ),
  );
  list(
    "Blind spots",
    model.blindSpots.map(
      (s) =>
        `${markdownText(s.title)}: ${String(s.repos.length)} repositories; lets through ${markdownText(s.defectClass)}`,
    ),
  );
  const errors = model.repos.filter((row) => !row.entry.ok);
  list(
    "Errors",
    errors.map(
      (row) => `${markdownText(row.repo)}: ${row.entry.ok ? "" : markdownText(row.entry.error)}`,
    ),
  );
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The dashboard's data as JSON: the same numbers the HTML shows. */
export function renderDashboardJson(model: Dashboard): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
