import type { DoraReport } from "./metrics.js";
import type { DeliveryKeys } from "./settings.js";

/** `3 d 4 h`, `2 h 5 min`, `40 s`: durations as people read them. */
export function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  const units: [number, string][] = [
    [86_400, "d"],
    [3600, "h"],
    [60, "min"],
  ];
  for (const [size, unit] of units)
    if (seconds >= size) {
      const whole = Math.floor(seconds / size);
      const rest = seconds - whole * size;
      const next = units.find(([s]) => s < size);
      const tail =
        next !== undefined && rest >= next[0]
          ? ` ${String(Math.floor(rest / next[0]))} ${next[1]}`
          : "";
      return `${String(whole)} ${unit}${tail}`;
    }
  return `${String(Math.round(seconds))} s`;
}

const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)}%`);

function rows(report: DoraReport): [string, string, string, string, string][] {
  const f = report.deploymentFrequency;
  const l = report.leadTime;
  const c = report.changeFailureRate;
  const t = report.timeToRestore;
  return [
    [
      "Deployment frequency",
      f.perWeek === null ? "—" : `${String(f.perWeek)} per week`,
      f.band ?? "—",
      f.kind,
      f.rule,
    ],
    [
      "Lead time for changes",
      `median ${duration(l.medianSeconds)}, p90 ${duration(l.p90Seconds)} (${String(l.changes)} changes)`,
      l.band ?? "—",
      l.kind,
      l.rule,
    ],
    [
      "Change failure rate",
      `${percent(c.value)} (${String(c.failed)} of ${String(report.deployments)})`,
      c.band ?? "—",
      c.kind,
      c.rule,
    ],
    [
      "Time to restore",
      `median ${duration(t.medianSeconds)} (${String(t.restored)} restored)`,
      t.band ?? "—",
      t.kind,
      t.rule,
    ],
  ];
}

export function renderPretty(report: DoraReport): string {
  const lines = [
    `DORA's four keys, ${report.range.since.slice(0, 10)} to ${report.range.until.slice(0, 10)}: ${String(report.deployments)} deployments`,
    "",
  ];
  for (const [name, value, band, kind, rule] of rows(report))
    lines.push(`${name.padEnd(22)} ${value}`, `${"".padEnd(22)} ${band}, ${kind}: ${rule}`);
  if (report.leadTime.skewedCommits > 0)
    lines.push(
      "",
      `${String(report.leadTime.skewedCommits)} commits were authored after the deployment that contains them (clock skew); counted as 0.`,
    );
  if (report.trend.length > 0) {
    lines.push("", "Trend:");
    for (const entry of report.trend)
      lines.push(
        `  ${entry.period}  ${String(entry.deployments).padStart(4)} deployments  lead time ${duration(entry.leadTimeMedianSeconds)}`,
      );
  }
  if (report.packages.length > 0) {
    lines.push("", "Per package:");
    for (const entry of report.packages)
      lines.push(
        `  ${entry.name}: ${String(entry.deployments)} deployments, lead time ${duration(entry.leadTimeMedianSeconds)}, change failure rate ${percent(entry.changeFailureRate)}`,
      );
  }
  lines.push("", `Bands: ${report.bands}.`, "");
  return lines.join("\n");
}

/** Markdown cells: pipes and line breaks would end the cell. */
const cell = (text: string) => text.replace(/[|\\]/g, "\\$&").replace(/\r?\n/g, " ");

export function renderMarkdown(report: DoraReport): string {
  const lines = [
    `### DORA's four keys (${report.range.since.slice(0, 10)} – ${report.range.until.slice(0, 10)})`,
    "",
    "| key | value | band | kind | how |",
    "| --- | --- | --- | --- | --- |",
    ...rows(report).map((row) => `| ${row.map(cell).join(" | ")} |`),
    "",
    `Bands: ${report.bands}.`,
    "",
  ];
  return lines.join("\n");
}

export const renderJson = (report: DoraReport): string => `${JSON.stringify(report, null, 2)}\n`;

/** The audit's line for its four keys: each key's value, band and kind, on one line. */
export function deliveryLine(keys: DeliveryKeys): string {
  const f = keys.deploymentFrequency;
  const l = keys.leadTime;
  const c = keys.changeFailureRate;
  const t = keys.timeToRestore;
  const band = (value: string | null) => value ?? "no band";
  const head = `Delivery since ${keys.range.since.slice(0, 10)} (${String(keys.deployments)} deployments, from ${keys.source}):`;
  return `${head} ${[
    `${f.perWeek === null ? "—" : String(f.perWeek)} per week (${band(f.band)}, ${f.kind})`,
    `lead time ${duration(l.medianSeconds)} (${band(l.band)}, ${l.kind})`,
    `change failure rate ${percent(c.value)} (${band(c.band)}, ${c.kind})`,
    `time to restore ${duration(t.medianSeconds)} (${band(t.band)}, ${t.kind})`,
  ].join(" · ")}`;
}
