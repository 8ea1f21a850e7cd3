import type { StationStatus } from "@paved/conformance";
import { reportFileName } from "../store.js";
import { html } from "./escape.js";
import type { Dashboard, RepoRow, RunSummary } from "./model.js";
import { lineChart } from "./svg.js";

/** Each status with a symbol and a word, so the heatmap reads without its colours. */
export const statusMarks: Record<StationStatus, string> = {
  pass: "✔ pass",
  partial: "◐ partial",
  fail: "✘ fail",
  "not-evaluated": "? not evaluated",
  "not-applicable": "– n/a",
  waived: "W waived",
};

const style = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 48px;color:#1b1f24}
nav a{margin-right:12px}h2{margin-top:32px;border-bottom:1px solid #ccd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.pass,td.partial,td.fail,td.not-evaluated,td.not-applicable,td.waived{white-space:nowrap}td.pass{background:#cdeccd}td.partial{background:#fbe7b5}td.fail{background:#f6c4c4}
td.not-evaluated{background:#e4e4ee}td.not-applicable{background:#fafafa;color:#666}td.waived{background:#dde8f6}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{width:560px;max-width:100%;border:1px solid #e1e4e8;background:#fff}
.chart .grid{stroke:#e1e4e8}.chart .tick,.chart .label{font-size:11px;fill:#444}.chart .chart-title{font-size:13px;font-weight:600}
.chart .series path{stroke-width:2}.chart .s0{stroke:#1f5fa8;fill:#1f5fa8}.chart .s1{stroke:#b35900;fill:#b35900}
.chart .s2{stroke:#2a7a2a;fill:#2a7a2a}.chart .s3{stroke:#7a2a7a;fill:#7a2a7a}.chart .reference path{stroke:#555}
.chart .label{stroke:none}.status-met{font-weight:600}.status-missed{font-weight:600;text-decoration:underline}
.muted{color:#555}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title><style>${style}</style></head>
<body>${body}</body></html>
`;
}

/** The page of a repository, relative to the dashboard's folder. */
export const repoPage = (repo: string) =>
  `repos/${reportFileName(repo).replace(/\.json$/, ".html")}`;

const anchor = (prefix: string, name: string) =>
  `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
const runLabel = (run: RunSummary) => run.time.slice(0, 10);

function table(head: readonly string[], rows: readonly string[][], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${html(empty)}</p>`;
  const th = head.map((cell) => `<th scope="col">${cell}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.join("")}</tr>`).join("\n");
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const td = (text: string | number, cls = "") =>
  `<td${cls === "" ? "" : ` class="${cls}"`}>${typeof text === "number" ? String(text) : text}</td>`;

function campaignsSection(model: Dashboard): string {
  const rows = model.campaigns.map((campaign) => [
    td(`<a href="#${anchor("campaign", campaign.id)}">${html(campaign.title)}</a>`),
    td(
      html(
        campaign.station !== undefined
          ? `station ${campaign.station}`
          : `rule ${campaign.rule ?? ""}`,
      ),
    ),
    td(`${String(campaign.done)} / ${String(campaign.total)} (${String(campaign.share)}%)`, "num"),
    td(`${String(campaign.target)}%`, "num"),
    td(html(campaign.deadline)),
    td(html(campaign.owner)),
    td(html(campaign.status), `status-${campaign.status}`),
  ]);
  const charts = model.campaigns.map((campaign) => {
    const allowed = (total: number) => Math.floor((total * (100 - campaign.target)) / 100);
    const chart = lineChart({
      title: `Burndown: ${campaign.title} (repositories still to do)`,
      xLabels: campaign.burndown.map((point) => point.time.slice(0, 10)),
      series: [
        { label: "to do", values: campaign.burndown.map((point) => point.remaining) },
        {
          label: "target",
          values: campaign.burndown.map((point) => allowed(point.total)),
          reference: true,
        },
      ],
      max: Math.max(1, ...campaign.burndown.map((point) => point.total)),
      unit: "",
    });
    return `<figure id="${anchor("campaign", campaign.id)}" class="campaign">${chart}<figcaption>${html(campaign.title)}: ${String(campaign.share)}% done of a ${String(campaign.target)}% target by ${html(campaign.deadline)} (${html(campaign.status)}), owner ${html(campaign.owner)}.</figcaption></figure>`;
  });
  return `<h2 id="campaigns">Campaigns</h2>${table(["campaign", "what", "done", "target", "deadline", "owner", "status"], rows, "No campaigns in the fleet config.")}<div class="charts">${charts.join("")}</div>`;
}

function trendsSection(model: Dashboard): string {
  const labels = model.runs.map(runLabel);
  const fleet = lineChart({
    title: "Fleet: mean score per run",
    xLabels: labels,
    series: [{ label: "mean score", values: model.runs.map((run) => run.score) }],
    max: 100,
    unit: "",
  });
  const perStation = model.stations.map(
    (station) =>
      `<figure id="${anchor("trend", station.id)}">${lineChart({
        title: `${station.title}: repositories passing`,
        xLabels: labels,
        series: [
          {
            label: "passing",
            values: model.runs.map((run) => run.stations[station.id]?.passing ?? null),
          },
        ],
        max: 100,
        unit: "%",
      })}</figure>`,
  );
  return `<h2 id="trends">Trends</h2><div class="charts"><figure id="trend-fleet">${fleet}</figure>${perStation.join("")}</div>`;
}

function heatmapSection(model: Dashboard): string {
  const head = [
    "repository",
    "team",
    "score",
    ...model.stations.map(
      (station) => `<a href="#${anchor("trend", station.id)}">${html(station.title)}</a>`,
    ),
  ];
  const rows = model.repos.map((row) => {
    const name = td(`<a href="${html(repoPage(row.repo))}">${html(row.repo)}</a>`);
    const team = td(`<a href="#${anchor("team", row.team)}">${html(row.team)}</a>`);
    const entry = row.entry;
    if (!entry.ok)
      return [
        name,
        team,
        td("error", "num"),
        `<td colspan="${String(model.stations.length)}">${html(entry.error)}</td>`,
      ];
    return [
      name,
      team,
      td(entry.score, "num"),
      ...model.stations.map((station) => {
        const result = entry.stations[station.id];
        if (result === undefined) return td("");
        const score = result.score === null ? "" : ` ${String(result.score)}`;
        return td(`${html(statusMarks[result.status])}${score}`, result.status);
      }),
    ];
  });
  return `<h2 id="heatmap">Repositories × stations</h2><p class="muted">Each cell: the station's status in the repository's report (${Object.values(statusMarks).map(html).join(", ")}) and its score.</p>${table(head, rows, "No repositories in the latest run.")}`;
}

function teamsSection(model: Dashboard): string {
  const head = [
    "team",
    "repositories",
    "mean score",
    ...model.stations.map((station) => html(`${station.title} ✔`)),
  ];
  const rows = model.teams.map((team) => [
    `<td id="${anchor("team", team.team)}">${html(team.team)}</td>`,
    td(team.repos, "num"),
    td(team.score ?? "", "num"),
    ...model.stations.map((station) => td(team.passing[station.id] ?? 0, "num")),
  ]);
  return `<h2 id="teams">Teams</h2><p class="muted">Owner from the fleet config's mapping, else CODEOWNERS' default owner, else catalog-info.yaml. Station columns count repositories passing.</p>${table(head, rows, "No repositories.")}`;
}

function changesSection(model: Dashboard): string {
  const list = (changes: Dashboard["newFailures"]) =>
    changes.map((change) => [
      td(`<a href="${html(repoPage(change.repo))}">${html(change.repo)}</a>`),
      td(html(change.finding)),
    ]);
  return `<h2 id="changes">Since the last run</h2>
<h3>New failures (${String(model.newFailures.length)})</h3>${table(["repository", "rule"], list(model.newFailures), "None.")}
<h3>Fixed (${String(model.fixed.length)})</h3>${table(["repository", "rule"], list(model.fixed), "None.")}
<h3>New repositories (${String(model.newRepos.length)})</h3><p>${model.newRepos.map((repo) => `<a href="${html(repoPage(repo))}">${html(repo)}</a>`).join(", ") || "None."}</p>`;
}

function waiversSection(model: Dashboard): string {
  const rows = model.expiringWaivers.map((waiver) => [
    td(`<a href="${html(repoPage(waiver.repo))}">${html(waiver.repo)}</a>`),
    td(html(waiver.rule)),
    td(html(waiver.project)),
    td(html(waiver.owner)),
    td(html(waiver.expires)),
    td(waiver.days, "num"),
  ]);
  return `<h2 id="waivers">Waivers expiring within 30 days</h2>${table(["repository", "rule", "project", "owner", "expires", "days left"], rows, "None.")}`;
}

function blindSpotsSection(model: Dashboard): string {
  const rows = model.blindSpots.map((spot) => [
    td(`<a href="#${anchor("trend", spot.station)}">${html(spot.title)}</a>`),
    td(spot.repos.length, "num"),
    td(html(spot.defectClass)),
  ]);
  return `<h2 id="blind-spots">Blind spots</h2><p class="muted">Stations without their core evidence, by how many repositories share them, with the defects each lets through.</p>${table(["station", "repositories", "lets through"], rows, "None.")}`;
}

function indexPage(model: Dashboard): string {
  const run = model.latestRun;
  const summary =
    run === undefined
      ? "<p>No runs in the history yet: run paved fleet audit first.</p>"
      : `<p id="summary">Latest run <strong>${html(run.run)}</strong> (${html(run.time)}): <strong>${String(run.repos)}</strong> repositories, <strong>${String(run.errors)}</strong> errors, mean score <strong>${run.score === null ? "n/a" : String(run.score)}</strong>; ${String(model.runs.length)} run(s) in the history.</p>`;
  const nav = ["campaigns", "trends", "heatmap", "teams", "changes", "waivers", "blind-spots"]
    .map((id) => `<a href="#${id}">${id.replace("-", " ")}</a>`)
    .join("");
  return page(
    "Paved fleet",
    `<h1>Paved fleet</h1><nav>${nav}</nav>${summary}${campaignsSection(model)}${trendsSection(model)}${heatmapSection(model)}${teamsSection(model)}${changesSection(model)}${waiversSection(model)}${blindSpotsSection(model)}<p class="muted">Generated ${html(model.generated)} by paved fleet report.</p>`,
  );
}

function repoPageHtml(row: RepoRow, model: Dashboard, reportHref: string | undefined): string {
  const entry = row.entry;
  const chart = lineChart({
    title: `${row.repo}: score per run`,
    xLabels: row.trend.map(
      (point) => model.runs.find((run) => run.run === point.run)?.time.slice(0, 10) ?? point.run,
    ),
    series: [{ label: "score", values: row.trend.map((point) => point.score) }],
    max: 100,
    unit: "",
  });
  const body = entry.ok
    ? `<p>Score <strong id="repo-score">${String(entry.score)}</strong>, coverage ${String(entry.coverage)}; team ${html(row.team)}${entry.team ? ` (from ${html(entry.team.source)})` : ""}; commit ${html(entry.commit ?? "n/a")}.${reportHref === undefined ? "" : ` <a href="${html(reportHref)}">The report (JSON)</a>.`}</p>
<figure>${chart}</figure>
${table(
  ["station", "status", "score"],
  model.stations.map((station) => {
    const result = entry.stations[station.id];
    return [
      td(html(station.title)),
      td(result ? html(statusMarks[result.status]) : "", result?.status ?? ""),
      td(result?.score ?? "", "num"),
    ];
  }),
  "",
)}
<h2>Failing</h2><ul>${entry.failing.map((finding) => `<li>${html(finding)}</li>`).join("") || "<li>Nothing.</li>"}</ul>`
    : `<p>The audit did not complete: <strong>${html(entry.error)}</strong></p>`;
  return page(
    `${row.repo} — Paved fleet`,
    `<p><a href="../index.html#heatmap">← the fleet</a></p><h1>${html(row.repo)}</h1>${body}`,
  );
}

/** The dashboard's files: index.html and a page per repository; no script, no outside resource. */
export function renderHtml(
  model: Dashboard,
  reportHref: (report: string) => string,
): Map<string, string> {
  const files = new Map([["index.html", indexPage(model)]]);
  for (const row of model.repos)
    files.set(
      repoPage(row.repo),
      repoPageHtml(row, model, row.entry.ok ? reportHref(row.entry.report) : undefined),
    );
  return files;
}
