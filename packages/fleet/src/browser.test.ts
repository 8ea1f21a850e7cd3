import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Report } from "@paved/conformance";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFleet, fleetConfig, today } from "./__fixtures__/fleet.js";
import { statusMarks } from "./dashboard/html.js";
import type { Dashboard } from "./dashboard/model.js";
import { fleetDashboard, writeHtmlDashboard } from "./report.js";

// Debian's Chromium, which .ci/run installs; a machine without it skips, CI never does.
const executablePath = "/usr/bin/chromium";
const available = existsSync(executablePath) || process.env["CI"] !== undefined;

let root: string;
let out: string;
let model: Dashboard;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!available) return;
  ({ root, out } = await buildFleet());
  model = fleetDashboard(out, { config: fleetConfig, today });
  writeHtmlDashboard(out, join(root, "dashboard"), model);
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-background-networking"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("requestfailed", (request) => problems.push(`failed: ${request.url()}`));
  page.on("request", (request) => {
    if (!request.url().startsWith("file://")) problems.push(`outside request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(join(root, "dashboard", "index.html")).href);
}, 120_000);

afterAll(async () => {
  if (!available) return;
  await browser.close();
  rmSync(root, { recursive: true, force: true });
});

/**
 * Distinct colours in a screenshot, counted by the browser itself from the PNG (the page's own
 * canvas decodes it; the test's types know no DOM, so the function is the page's text).
 */
const countColours = `async (data) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const seen = new Set();
  for (let i = 0; i < pixels.length; i += 4) seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
  return seen.size;
}`;

const colours = (png: Buffer): Promise<number> =>
  page.evaluate(`(${countColours})(${JSON.stringify(png.toString("base64"))})`);

describe.skipIf(!available)("the dashboard in headless Chromium", () => {
  it("renders the heatmap with each report's numbers, without console errors", async () => {
    const rows = page.locator("#heatmap + p + table tbody tr");
    expect(await rows.count()).toBe(model.repos.length);
    for (let i = 0; i < model.repos.length; i += 1) {
      const row = model.repos[i];
      if (!row?.entry.ok) throw new Error("every repository was audited");
      const report = JSON.parse(readFileSync(join(out, row.entry.report), "utf8")) as Report;
      const cells = await rows.nth(i).locator("td").allInnerTexts();
      expect(cells[0]).toBe(row.repo);
      expect(Number(cells[2])).toBe(report.score);
      expect(cells.slice(3)).toEqual(
        report.stations.map(
          (station) =>
            `${statusMarks[station.status]}${station.score === null ? "" : ` ${String(station.score)}`}`,
        ),
      );
    }
    expect(problems).toEqual([]);
  });

  it("draws trends and campaign burndowns as SVG plots with labelled lines", async () => {
    const fleet = page.locator("#trend-fleet svg");
    expect(await fleet.locator("circle").count()).toBe(2);
    expect(await fleet.locator("path").getAttribute("d")).toMatch(
      /^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/,
    );
    const burndown = page.locator("#campaign-owners svg");
    expect(await burndown.locator("g.series").count()).toBe(2);
    expect(await burndown.locator("text.label").allTextContents()).toEqual([
      expect.stringMatching(/^to do: \d+$/),
      "target: 0",
    ]);
    const caption = await page.locator("#campaign-owners figcaption").innerText();
    expect(caption).toMatch(
      /^Every repository owned: 40% done of a 100% target by \d{4}-\d{2}-\d{2} \(open\)/,
    );
  });

  it("shows content in a screenshot, not a blank page", async () => {
    const heatmap = await page.locator("#heatmap + p + table").screenshot();
    const chart = await page.locator("#campaign-owners svg").screenshot();
    // Status colours, text and lines: a blank or unstyled element has one or two colours.
    expect(await colours(heatmap)).toBeGreaterThan(20);
    expect(await colours(chart)).toBeGreaterThan(10);
  });

  it("links the heatmap to each repository's page and back", async () => {
    await page.getByRole("link", { name: "repos/beta", exact: true }).first().click();
    await page.waitForURL(/repos\/repos_beta-[0-9a-f]{8}\.html$/);
    expect(await page.locator("h1").innerText()).toBe("repos/beta");
    const beta = model.repos.find((row) => row.repo === "repos/beta");
    expect(await page.locator("#repo-score").innerText()).toBe(
      String(beta?.entry.ok ? beta.entry.score : ""),
    );
    expect(await page.locator("figure svg circle").count()).toBe(2);
    await page.getByRole("link", { name: "The report (JSON)" }).isVisible();
    await page.getByRole("link", { name: "← the fleet" }).click();
    await page.waitForURL(/index\.html#heatmap$/);
    await page.getByRole("link", { name: "Review", exact: true }).first().click();
    await page.waitForURL(/#trend-review$/);
    expect(await page.locator("#trend-review svg").isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });
});
