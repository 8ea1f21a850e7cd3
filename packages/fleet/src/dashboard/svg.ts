import { html } from "./escape.js";

export interface Series {
  label: string;
  /** One value per x position; null where there is none. */
  values: (number | null)[];
  /** Drawn dashed: a reference line (an ideal, a target) rather than a measurement. */
  reference?: boolean;
}

const width = 560;
const height = 220;
const pad = { left: 44, right: 120, top: 28, bottom: 36 };
const markers = ["circle", "square", "triangle", "diamond"] as const;
const dashes = ["", "6 4", "2 3", "10 3 2 3"];

function marker(kind: (typeof markers)[number], x: number, y: number, tip: string): string {
  const title = `<title>${html(tip)}</title>`;
  const at = (dx: number, dy: number) => `${(x + dx).toFixed(1)},${(y + dy).toFixed(1)}`;
  switch (kind) {
    case "circle":
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5">${title}</circle>`;
    case "square":
      return `<rect x="${(x - 3.5).toFixed(1)}" y="${(y - 3.5).toFixed(1)}" width="7" height="7">${title}</rect>`;
    case "triangle":
      return `<polygon points="${at(0, -4.5)} ${at(4, 3.5)} ${at(-4, 3.5)}">${title}</polygon>`;
    case "diamond":
      return `<polygon points="${at(0, -4.5)} ${at(4.5, 0)} ${at(0, 4.5)} ${at(-4.5, 0)}">${title}</polygon>`;
  }
}

/**
 * A line chart as SVG: y from 0 to `max`, one x position per run. Series differ by marker shape,
 * dash pattern and the label at their end, so the chart reads without colour; every point has a
 * tooltip with its value.
 */
export function lineChart(options: {
  title: string;
  xLabels: readonly string[];
  series: readonly Series[];
  max: number;
  unit: string;
}): string {
  const { xLabels, series, max } = options;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (i: number) =>
    pad.left + (xLabels.length <= 1 ? plotW / 2 : (plotW * i) / (xLabels.length - 1));
  const y = (v: number) => pad.top + plotH - (plotH * Math.min(v, max)) / (max === 0 ? 1 : max);
  const levels = [...new Set([0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f)))];
  const grid = levels.map((value) => {
    return `<line class="grid" x1="${String(pad.left)}" x2="${String(pad.left + plotW)}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"/><text class="tick" x="${String(pad.left - 6)}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${String(value)}</text>`;
  });
  const step = Math.max(1, Math.ceil(xLabels.length / 6));
  const ticks = xLabels.map((label, i) =>
    i % step === 0 || i === xLabels.length - 1
      ? `<text class="tick" x="${x(i).toFixed(1)}" y="${String(height - pad.bottom + 16)}" text-anchor="middle">${html(label)}</text>`
      : "",
  );
  const lines = series.map((line, s) => {
    const points = line.values.flatMap((value, i) => (value === null ? [] : [{ i, value }]));
    const path = points
      .map((p, k) => `${k === 0 ? "M" : "L"}${x(p.i).toFixed(1)},${y(p.value).toFixed(1)}`)
      .join(" ");
    const kind = markers[s % markers.length] ?? "circle";
    const dash = line.reference ? "5 4" : (dashes[s % dashes.length] ?? "");
    const end = points.at(-1);
    const label =
      end === undefined
        ? ""
        : `<text class="label" x="${(x(end.i) + 8).toFixed(1)}" y="${(y(end.value) + 4).toFixed(1)}">${html(`${line.label}: ${String(end.value)}${options.unit}`)}</text>`;
    const dots = line.reference
      ? ""
      : points
          .map((p) =>
            marker(
              kind,
              x(p.i),
              y(p.value),
              `${line.label}, ${xLabels[p.i] ?? ""}: ${String(p.value)}${options.unit}`,
            ),
          )
          .join("");
    return `<g class="series s${String(s % 4)}${line.reference ? " reference" : ""}" data-series="${html(line.label)}"><path d="${path}" fill="none"${dash === "" ? "" : ` stroke-dasharray="${dash}"`}/>${dots}${label}</g>`;
  });
  return [
    `<svg class="chart" viewBox="0 0 ${String(width)} ${String(height)}" role="img" aria-label="${html(options.title)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${html(options.title)}</title>`,
    `<text class="chart-title" x="${String(pad.left)}" y="16">${html(options.title)}</text>`,
    ...grid,
    ...ticks,
    ...lines,
    "</svg>",
  ].join("");
}
