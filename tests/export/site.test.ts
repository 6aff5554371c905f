// `npm run export -- --quick` end to end: every notebook executed with the course kernel, one HTML
// page each, an index in course order, plotly.js stored once, and every page's figures drawn by a
// browser that is not allowed onto the network.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as nbformat from "@jupyterlab/nbformat";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { courseNotebooks } from "../../scripts/jupyter/course-notebooks";
import { isSolutionCell, parseSolution, solutionRunTag, sourceOf, tagsOf } from "../../scripts/jupyter/notebook-solutions";
import { maxOutputBytes } from "../support/course";
import { drawnFigures, launchOfflineBrowser, openOffline } from "../support/offline-browser";
import { projectRoot } from "../../lib/project/build.cjs";

const siteFolder = fs.mkdtempSync(path.join(os.tmpdir(), "course-site-"));
const notebooks = courseNotebooks();
let exportLog = "";
let exportExitCode: number | null = null;
let browser: Browser;

function readNotebook(file: string): nbformat.INotebookContent {
  return JSON.parse(fs.readFileSync(file, "utf8")) as nbformat.INotebookContent;
}

/** Outputs of the executed notebook that carry a plotly figure. */
function plotlyBundlesIn(executedNotebook: string): number {
  const notebook = readNotebook(executedNotebook) as unknown as { cells: Array<{ outputs?: Array<{ data?: object }> }> };
  return notebook.cells
    .flatMap((cell) => cell.outputs ?? [])
    .filter((output) => output.data !== undefined && "application/vnd.plotly.v1+json" in output.data).length;
}

function runExport(): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "export", "--", "--quick", "--out", siteFolder], { cwd: projectRoot });
    child.stdout.on("data", (chunk: Buffer) => (exportLog += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (exportLog += chunk.toString()));
    child.on("exit", (code) => {
      exportExitCode = code;
      resolve();
    });
  });
}

beforeAll(async () => {
  await runExport();
  browser = await launchOfflineBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  fs.rmSync(siteFolder, { recursive: true, force: true });
});

test("the quick export succeeds, with a progress line per notebook and the total time", () => {
  expect(exportExitCode, exportLog).toBe(0);
  notebooks.forEach((name, index) => {
    expect(exportLog).toMatch(new RegExp(`\\[${index + 1}/${notebooks.length}\\] ${name.replace(/\./g, "\\.")} … done in \\d+\\.\\d s`));
  });
  expect(exportLog).toMatch(new RegExp(`Wrote ${notebooks.length} pages to .* in \\d+\\.\\d s\\.`));
});

test("the index lists every notebook in course order, linking its page", () => {
  const index = fs.readFileSync(path.join(siteFolder, "index.html"), "utf8");
  const links = [...index.matchAll(/<a href="([^"]+)">/g)].map((match) => match[1]);
  expect(links).toEqual(notebooks.map((name) => name.replace(/\.ipynb$/, ".html")));
});

test("plotly.js is stored once for the whole site: each page with figures loads it in its head, none inlines it", () => {
  const pages = notebooks.map((name) => fs.readFileSync(path.join(siteFolder, name.replace(/\.ipynb$/, ".html")), "utf8"));
  const pagesWithFigures = pages.filter((html) => html.includes('class="ts-course-figure"'));
  expect(pages.filter((html) => html.includes("data-plotly-library="))).toEqual([]);
  for (const html of pagesWithFigures) {
    expect(html.slice(0, html.indexOf("</head>"))).toContain('<script type="text/javascript" src="plotly.min.js"></script>');
  }
  expect(fs.existsSync(path.join(siteFolder, "plotly.min.js"))).toBe(pagesWithFigures.length > 0);
});

test("no output of the executed notebooks is over 200 kB, pictures of the figures included", () => {
  for (const name of notebooks) {
    const notebook = JSON.parse(fs.readFileSync(path.join(siteFolder, "executed", name), "utf8")) as { cells: Array<{ outputs?: unknown[] }> };
    const sizes = notebook.cells.flatMap((cell) => (cell.outputs ?? []).map((output) => Buffer.byteLength(JSON.stringify(output))));
    expect(sizes.filter((bytes) => bytes > maxOutputBytes), name).toEqual([]);
  }
});

describe.each(notebooks)("the exported page of %s, opened offline", (name) => {
  const pageUrl = () => pathToFileURL(path.join(siteFolder, name.replace(/\.ipynb$/, ".html"))).href;

  test("draws every figure output, with no console errors and no network requests", async () => {
    const figureOutputs = plotlyBundlesIn(path.join(siteFolder, "executed", name));
    const opened = await openOffline(browser, pageUrl());
    try {
      // Figures outside the folded solutions are the executed notebook's; the solutions' own come on top.
      const inSolutions = await opened.page.locator("details.course-solution .ts-course-figure").count();
      expect(await drawnFigures(opened.page, figureOutputs + inSolutions)).toBe(figureOutputs + inSolutions);
      expect(opened.consoleErrors).toEqual([]);
      expect(opened.blockedRequests).toEqual([]);
    } finally {
      await opened.context.close();
    }
  });

  test("shows every exercise solution folded, with its code and outputs only once the reader opens it", async () => {
    const committed = readNotebook(path.join(projectRoot, "notebooks", name));
    const solutions = committed.cells.filter(isSolutionCell).map((cell) => parseSolution(sourceOf(cell), name));
    const opened = await openOffline(browser, pageUrl());
    try {
      const folded = opened.page.locator("details.course-solution");
      expect(await folded.count()).toBe(solutions.length);
      for (const [index, solution] of solutions.entries()) {
        const details = folded.nth(index);
        const firstLine = solution.code.split("\n").find((line) => line.trim().length > 12)!.trim();
        const code = details.locator(".jp-InputArea-editor");
        expect(await details.evaluate((element) => (element as unknown as { open: boolean }).open)).toBe(false);
        expect(await code.isVisible(), `solution ${index + 1} visible before it was opened`).toBe(false);
        // innerText holds only what is rendered: nothing inside a closed <details>.
        expect(await opened.page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText)).not.toContain(firstLine);
        await details.locator("summary").click();
        expect(await code.isVisible()).toBe(true);
        expect(await code.innerText()).toContain(firstLine);
        expect(await details.locator(".jp-OutputArea-output").count(), `solution ${index + 1} shows what it printed`).toBeGreaterThan(0);
        expect(await details.locator(".course-solution-discussion").innerText()).toContain(solution.discussion.split(/\s+/).slice(0, 4).join(" ").replace(/[*`]/g, ""));
      }
    } finally {
      await opened.context.close();
    }
  });

  test("the executed notebook keeps its solutions folded and carries no solution code cells", () => {
    const executed = readNotebook(path.join(siteFolder, "executed", name));
    expect(executed.cells.filter((cell) => tagsOf(cell).includes(solutionRunTag) || (cell.cell_type === "code" && tagsOf(cell).includes("solution")))).toEqual([]);
    const committed = readNotebook(path.join(projectRoot, "notebooks", name));
    expect(executed.cells.filter(isSolutionCell).map(sourceOf)).toEqual(committed.cells.filter(isSolutionCell).map(sourceOf));
  });
});
