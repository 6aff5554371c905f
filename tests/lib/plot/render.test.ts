// Draws figures' text/html in headless Chromium from file://, offline: every request that is not
// file:// is blocked and counted. chromium.launch gives each run a fresh temporary profile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
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
import { drawnFigures, launchOfflineBrowser, openOffline as openUrlOffline, type OfflinePage } from "../../support/offline-browser";
import { htmlOf, libraryCopies } from "./helpers";

// A 1x1 PNG: the export puts a real screenshot here; the draw script must replace it.
const pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

let browser: Browser;
let pagesDir: string;

function openOffline(fileName: string, body: string): Promise<OfflinePage> {
  const file = path.join(pagesDir, fileName);
  fs.writeFileSync(file, `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${fileName}</title></head><body>\n${body}\n</body></html>`);
  return openUrlOffline(browser, pathToFileURL(file).href);
}

beforeAll(async () => {
  pagesDir = fs.mkdtempSync(path.join(os.tmpdir(), "plot-render-"));
  browser = await launchOfflineBrowser();
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
    { bytes: 100, channel: "thread", roundTripMs: 0.1 },
    { bytes: 1_000_000, channel: "thread", roundTripMs: 9 },
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
