// Draws figures' text/html in headless Chromium from file://, offline: every request that is not
// file:// is blocked and counted. Each page stands for a place a figure is shown: an exported page
// (plotly.js in its head), JupyterLab and classic Notebook (the page loads the copy in the Jupyter
// data folder), a server without that copy, and a viewer with no server at all.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  figure,
  plotCostVsPayload,
  plotLatencyOverTime,
  plotThroughputVsWorkers,
  plotlyAssetName,
  plotlyLibraryFile,
  replacePlaceholderWithImage,
  setupPlotting,
} from "../../../lib/plot";
import { classicNotebookExtension, missingLibraryNote } from "../../../lib/plot/plotly-library";
import { drawnFigures, launchOfflineBrowser, openOffline as openUrlOffline, type OfflinePage } from "../../support/offline-browser";
import { htmlOf } from "../../support/mime-bundles";

// A 1x1 PNG: the export puts a real screenshot here; the draw script must replace it.
const pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

let browser: Browser;
let pagesDir: string;

const throughput = (): string =>
  htmlOf(
    plotThroughputVsWorkers([
      { kind: "threads", workers: 1, tasksPerSecond: 1000 },
      { kind: "threads", workers: 2, tasksPerSecond: 1900 },
    ]),
  );
const latency = (): string =>
  htmlOf(
    plotLatencyOverTime([
      { timeMs: 0, lagMs: 0.4 },
      { timeMs: 10, lagMs: 12 },
    ]).withStaticImage(pixel),
  );

function openOffline(
  fileName: string,
  { head = "", bodyAttributes = "", body }: { head?: string; bodyAttributes?: string; body: string },
): Promise<OfflinePage> {
  const file = path.join(pagesDir, fileName);
  fs.writeFileSync(
    file,
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${fileName}</title>\n${head}</head><body ${bodyAttributes}>\n${body}\n</body></html>`,
  );
  return openUrlOffline(browser, pathToFileURL(file).href);
}

/** Puts plotly.js where a Jupyter data folder would have it, below pagesDir/<server>. */
function serveAsset(server: string, relativeFolder: string): void {
  const folder = path.join(pagesDir, server, relativeFolder);
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(plotlyLibraryFile(), path.join(folder, plotlyAssetName()));
}

const assetRequests = (opened: OfflinePage): string[] => opened.requests.filter((url) => url.endsWith(plotlyAssetName()));

beforeAll(async () => {
  pagesDir = fs.mkdtempSync(path.join(os.tmpdir(), "plot-render-"));
  browser = await launchOfflineBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (pagesDir) fs.rmSync(pagesDir, { recursive: true, force: true });
});

test("an exported page, plotly.min.js in its head, draws every figure over its placeholders", async () => {
  fs.copyFileSync(plotlyLibraryFile(), path.join(pagesDir, "plotly.min.js"));
  const cost = htmlOf(
    plotCostVsPayload([
      { bytes: 100, channel: "thread", roundTripMs: 0.1 },
      { bytes: 1_000_000, channel: "thread", roundTripMs: 9 },
    ]),
  );
  const body = [throughput(), latency(), replacePlaceholderWithImage(cost, pixel, "cost")].join("\n");
  expect(body.length).toBeLessThan(20_000);
  const opened = await openOffline("exported.html", { head: '<script type="text/javascript" src="plotly.min.js"></script>', body });
  try {
    expect(await drawnFigures(opened.page, 3)).toBe(3);
    expect(await opened.page.locator(".ts-course-figure-placeholder").count()).toBe(0);
    expect(await opened.page.locator(".ts-course-figure .gtitle").allTextContents()).toEqual([
      "Throughput vs workers",
      "Event-loop lag over time",
      "Serialization cost vs payload size",
    ]);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
  } finally {
    await opened.context.close();
  }
});

test("in JupyterLab the first figure loads the labextensions copy, once, and every figure draws", async () => {
  serveAsset("lab", "lab/extensions/ts-concurrency-course/static");
  const config = JSON.stringify({ fullLabextensionsUrl: pathToFileURL(path.join(pagesDir, "lab", "lab", "extensions")).href });
  const opened = await openOffline("jupyterlab.html", {
    head: `<script id="jupyter-config-data" type="application/json">${config}</script>`,
    body: [throughput(), latency(), throughput()].join("\n"),
  });
  try {
    expect(await drawnFigures(opened.page, 3)).toBe(3);
    expect(assetRequests(opened)).toHaveLength(1);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
  } finally {
    await opened.context.close();
  }
});

test("in classic Notebook the course's nbextension loads the nbextensions copy before any figure; figures then draw at once", async () => {
  serveAsset("classic", "nbextensions/ts-concurrency-course");
  fs.writeFileSync(path.join(pagesDir, "classic", "main.js"), classicNotebookExtension());
  // Notebook 6 loads nbextensions with require.js; this stand-in calls load_ipython_extension the same way.
  const loadExtension = `<script>window.define = function (deps, factory) { factory().load_ipython_extension(); };</script>\n<script src="classic/main.js"></script>`;
  const opened = await openOffline("classic.html", {
    bodyAttributes: `data-base-url="${pathToFileURL(path.join(pagesDir, "classic")).href}/"`,
    body: loadExtension,
  });
  try {
    await opened.page.waitForFunction(() => (globalThis as { Plotly?: unknown }).Plotly !== undefined);
    await opened.page.evaluate((html) => {
      const page = globalThis as unknown as {
        document: {
          body: { insertAdjacentHTML(where: string, html: string): void };
          querySelectorAll(selector: string): Array<{ textContent: string | null }>;
        };
      };
      page.document.body.insertAdjacentHTML("beforeend", html);
      // insertAdjacentHTML does not run scripts; classic Notebook's output area does (through jQuery), like this.
      for (const script of page.document.querySelectorAll("body > script:not([src])")) {
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the page runs the output's inline scripts, as the notebook would
        (new Function(script.textContent ?? "") as () => void)();
      }
    }, [throughput(), latency()].join("\n"));
    expect(await drawnFigures(opened.page, 2)).toBe(2);
    expect(assetRequests(opened)).toHaveLength(1);
    expect(opened.consoleErrors).toEqual([]);
  } finally {
    await opened.context.close();
  }
});

test("when the server has no copy, every figure keeps its placeholder and says how to get plotly.js", async () => {
  const base = `${pathToFileURL(path.join(pagesDir, "no-copy")).href}/`;
  const opened = await openOffline("missing.html", { bodyAttributes: `data-base-url="${base}"`, body: [throughput(), latency()].join("\n") });
  try {
    const url = `${base}nbextensions/ts-concurrency-course/${plotlyAssetName()}`;
    const notes = opened.page.locator(".ts-course-figure-missing-library");
    await expect.poll(() => notes.count()).toBe(2);
    expect(await notes.allTextContents()).toEqual([missingLibraryNote(url), missingLibraryNote(url)]);
    expect(await opened.page.locator(".ts-course-figure-placeholder").count()).toBe(2);
    expect(assetRequests(opened)).toEqual([url]);
  } finally {
    await opened.context.close();
  }
});

test("where no Jupyter server is known (a viewer), the placeholder stays and nothing is requested", async () => {
  const early = htmlOf(figure([{ name: "a", x: [1, 2], y: [2, 1] }], { title: "Early", xaxis: { title: "x (s)" }, yaxis: { title: "y (s)" } }));
  const opened = await openOffline("viewer.html", { body: [early, latency()].join("\n") });
  try {
    // Give the scripts time to do anything they would do.
    await opened.page.waitForLoadState("load");
    expect(await opened.page.locator(".ts-course-figure-placeholder").count()).toBe(2);
    expect(await opened.page.locator("img.ts-course-figure-placeholder").count()).toBe(1);
    expect(assetRequests(opened)).toEqual([]);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
  } finally {
    await opened.context.close();
  }
});

test("setupPlotting() in a first cell loads plotly.js for the figures after it and reports it ready", async () => {
  serveAsset("setup", "lab/extensions/ts-concurrency-course/static");
  const config = JSON.stringify({ fullLabextensionsUrl: pathToFileURL(path.join(pagesDir, "setup", "lab", "extensions")).href });
  const opened = await openOffline("setup.html", {
    head: `<script id="jupyter-config-data" type="application/json">${config}</script>`,
    body: [htmlOf(setupPlotting()), throughput()].join("\n"),
  });
  try {
    await expect.poll(() => opened.page.locator(".ts-course-plotting-status").textContent()).toMatch(/^plotly\.js 3\.\d+\.\d+ is ready\.$/);
    expect(await drawnFigures(opened.page, 1)).toBe(1);
    expect(assetRequests(opened)).toHaveLength(1);
    expect(opened.consoleErrors).toEqual([]);
  } finally {
    await opened.context.close();
  }
});
