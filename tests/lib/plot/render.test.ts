// Draws figures' text/html in headless Chromium from file://, offline: every request that is not
// file:// is blocked and counted. chromium.launch gives each run a fresh temporary profile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import {
  figure,
  plotCostVsPayload,
  plotLatencyOverTime,
  plotThroughputVsWorkers,
  plotlyLibraryFile,
  replaceInlinedLibrary,
  replacePlaceholderWithImage,
  resetPlottingSession,
  setupPlotting,
} from "../../../lib/plot";
import { htmlOf, libraryCopies } from "./helpers";

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// A 1x1 PNG: the export puts a real screenshot here; the draw script must replace it.
const pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

let browser: Browser;
let pagesDir: string;

interface OpenedPage {
  page: Page;
  context: BrowserContext;
  blockedRequests: string[];
  consoleErrors: string[];
}

async function openOffline(fileName: string, body: string): Promise<OpenedPage> {
  const file = path.join(pagesDir, fileName);
  fs.writeFileSync(file, `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${fileName}</title></head><body>\n${body}\n</body></html>`);
  const context = await browser.newContext();
  const blockedRequests: string[] = [];
  const consoleErrors: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    blockedRequests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto(pathToFileURL(file).href);
  return { page, context, blockedRequests, consoleErrors };
}

/** Waits until every figure div holds a plotly SVG, then counts the figures that do. */
async function drawnFigures(page: Page, expected: number): Promise<number> {
  const figures = page.locator(".ts-course-figure");
  await expect.poll(() => figures.count()).toBe(expected);
  for (let index = 0; index < expected; index += 1) {
    await figures.nth(index).locator("svg.main-svg").first().waitFor({ state: "attached", timeout: 30_000 });
  }
  return page.locator(".ts-course-figure:has(svg.main-svg)").count();
}

beforeAll(async () => {
  pagesDir = fs.mkdtempSync(path.join(os.tmpdir(), "plot-render-"));
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  if (pagesDir) fs.rmSync(pagesDir, { recursive: true, force: true });
});

beforeEach(() => resetPlottingSession());

test("two figures, the first carrying plotly.js, draw offline with no console errors", async () => {
  const throughput = plotThroughputVsWorkers([
    { kind: "threads", workers: 1, tasksPerSecond: 1000 },
    { kind: "threads", workers: 2, tasksPerSecond: 1900 },
  ]);
  const latency = plotLatencyOverTime([
    { timeMs: 0, lagMs: 0.4 },
    { timeMs: 10, lagMs: 12 },
  ]).withStaticImage(pixel);
  const bundles = [htmlOf(throughput), htmlOf(latency)];
  expect(bundles.map(libraryCopies)).toEqual([1, 0]);

  const opened = await openOffline("two-figures.html", bundles.join("\n"));
  try {
    expect(await drawnFigures(opened.page, 2)).toBe(2);
    // The text and image placeholders are gone once plotly has drawn.
    expect(await opened.page.locator(".ts-course-figure-placeholder").count()).toBe(0);
    expect(await opened.page.locator(".ts-course-figure .gtitle").allTextContents()).toEqual([
      "Throughput vs workers",
      "Event-loop lag over time",
    ]);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
  } finally {
    await opened.context.close();
  }
});

test("a figure shown before the library waits for it; running the library twice keeps the first copy", async () => {
  setupPlotting(); // the session already has the library, so this figure does not carry it
  const early = htmlOf(figure([{ name: "a", x: [1, 2], y: [2, 1] }], { title: "Early", xaxis: { title: "x (s)" }, yaxis: { title: "y (s)" } }));
  expect(libraryCopies(early)).toBe(0);
  const library = htmlOf(setupPlotting());
  const body = [early, library, "<script>window.firstPlotly = window.Plotly;</script>", library].join("\n");

  const opened = await openOffline("library-late.html", body);
  try {
    expect(await drawnFigures(opened.page, 1)).toBe(1);
    expect(await opened.page.evaluate("window.Plotly === window.firstPlotly && typeof window.Plotly.newPlot")).toBe("function");
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
  } finally {
    await opened.context.close();
  }
});

test("an exported page using one shared plotly.min.js file and image placeholders draws both figures", async () => {
  fs.copyFileSync(plotlyLibraryFile(), path.join(pagesDir, "plotly.min.js"));
  const cost = plotCostVsPayload([
    { payloadBytes: 100, channel: "postMessage", microseconds: 10 },
    { payloadBytes: 1_000_000, channel: "postMessage", microseconds: 900 },
  ]);
  const saved = [htmlOf(cost), htmlOf(cost)];
  const body = [
    replaceInlinedLibrary(saved[0], "plotly.min.js"),
    replacePlaceholderWithImage(saved[1], pixel, "cost"),
  ].join("\n");
  expect(body.length).toBeLessThan(10_000);

  const opened = await openOffline("shared-library.html", body);
  try {
    expect(await drawnFigures(opened.page, 2)).toBe(2);
    expect(await opened.page.locator(".ts-course-figure-placeholder").count()).toBe(0);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
  } finally {
    await opened.context.close();
  }
});
