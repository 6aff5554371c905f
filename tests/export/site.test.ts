// `npm run export -- --quick` end to end: every notebook of both editions executed with the course
// kernel (the course project's runs reused, one run by the export itself), one HTML page each with a
// language switch, an index of both editions in course order, plotly.js stored once, and every
// page's figures drawn by a browser that is not allowed onto the network.
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
import { editions, germanSubfolder, notebookPathIn, type Edition } from "../../scripts/jupyter/editions";
import { maxOutputBytes } from "../support/course";
import { executedNotebooksFolder } from "../support/executed-folder";
import { drawnFigures, launchOfflineBrowser, openOffline } from "../support/offline-browser";
import { projectRoot } from "../../lib/project/build.cjs";

const siteFolder = fs.mkdtempSync(path.join(os.tmpdir(), "course-site-"));
const givenFolder = fs.mkdtempSync(path.join(os.tmpdir(), "course-executed-"));
const notebooks = courseNotebooks();
/** Every page of the site: each edition's notebooks in course order, English first. */
const pages = editions.flatMap((edition) =>
  notebooks.map((name) => ({
    edition,
    name,
    html: path.join(siteFolder, edition === "en" ? "" : germanSubfolder, name.replace(/\.ipynb$/, ".html")),
    executed: path.join(siteFolder, "executed", edition === "en" ? "" : germanSubfolder, name),
  })),
);
/** The notebook the export runs itself; the others it takes from the course project's runs, when there are any. */
const runByTheExport = { edition: "en" as Edition, name: notebooks[0] };
let exportLog = "";
let exportExitCode: number | null = null;
let browser: Browser;

function readNotebook(file: string): nbformat.INotebookContent {
  return JSON.parse(fs.readFileSync(file, "utf8")) as nbformat.INotebookContent;
}

/** Outputs of the executed notebook that carry a plotly figure. */
function plotlyBundlesIn(executedNotebook: string): number {
  const notebook = readNotebook(executedNotebook) as unknown as { cells: Array<{ outputs?: Array<{ data?: object }> }> };
  return notebook.cells.flatMap((cell) => cell.outputs ?? []).filter((output) => output.data !== undefined && "application/vnd.plotly.v1+json" in output.data)
    .length;
}

/** The notebooks the course project ran (tests/support/course.ts keeps them), but the one the export must run itself. */
function passExecutedNotebooks(): void {
  if (fs.existsSync(executedNotebooksFolder)) fs.cpSync(executedNotebooksFolder, givenFolder, { recursive: true });
  fs.rmSync(path.join(givenFolder, runByTheExport.edition, runByTheExport.name), { force: true });
}

function runExport(): Promise<void> {
  passExecutedNotebooks();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "export", "--", "--quick", "--out", siteFolder, "--executed", givenFolder], { cwd: projectRoot });
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
}, 900_000);

afterAll(async () => {
  await browser?.close();
  fs.rmSync(siteFolder, { recursive: true, force: true });
  fs.rmSync(givenFolder, { recursive: true, force: true });
});

test("the quick export succeeds, with a progress line per notebook of both editions and the total time", () => {
  expect(exportExitCode, exportLog).toBe(0);
  pages.forEach(({ edition, name }, index) => {
    const ran = edition === runByTheExport.edition && name === runByTheExport.name;
    const line = `\\[${index + 1}/${pages.length}\\] ${notebookPathIn(edition, name).replace(/\./g, "\\.")} … ${ran ? "done" : "(done|taken as executed)"} in \\d+\\.\\d s`;
    expect(exportLog).toMatch(new RegExp(line));
  });
  expect(exportLog).toMatch(new RegExp(`Wrote ${pages.length} pages to .* in \\d+\\.\\d s\\.`));
});

test("the index lists both editions, every notebook in course order, linking its page", () => {
  const index = fs.readFileSync(path.join(siteFolder, "index.html"), "utf8");
  const links = [...index.matchAll(/<a href="([^"]+)">/g)].map((match) => match[1]);
  expect(links).toEqual(pages.map(({ html }) => path.relative(siteFolder, html)));
  expect(pages).toHaveLength(2 * notebooks.length);
});

test("plotly.js is stored once for the whole site: each page with figures loads it in its head, none inlines it", () => {
  const withFigures = pages.filter(({ html }) => fs.readFileSync(html, "utf8").includes('class="ts-course-figure"'));
  expect(pages.filter(({ html }) => fs.readFileSync(html, "utf8").includes("data-plotly-library="))).toEqual([]);
  for (const { edition, html } of withFigures) {
    const text = fs.readFileSync(html, "utf8");
    const source = edition === "en" ? "plotly.min.js" : "../plotly.min.js";
    expect(text.slice(0, text.indexOf("</head>"))).toContain(`<script type="text/javascript" src="${source}"></script>`);
  }
  expect(fs.existsSync(path.join(siteFolder, "plotly.min.js"))).toBe(withFigures.length > 0);
});

test("no output of the executed notebooks is over 200 kB, pictures of the figures included", () => {
  for (const { executed } of pages) {
    const notebook = JSON.parse(fs.readFileSync(executed, "utf8")) as { cells: Array<{ outputs?: unknown[] }> };
    const sizes = notebook.cells.flatMap((cell) => (cell.outputs ?? []).map((output) => Buffer.byteLength(JSON.stringify(output))));
    expect(
      sizes.filter((bytes) => bytes > maxOutputBytes),
      executed,
    ).toEqual([]);
  }
});

test("every page names its language and links the same notebook in the other edition, and the index", () => {
  for (const { edition, name, html } of pages) {
    const text = fs.readFileSync(html, "utf8");
    expect(/<html[^>]*\blang="([^"]+)"/.exec(text)?.[1], html).toBe(edition);
    const bar = /<nav class="course-language-switch"[^>]*>([\s\S]*?)<\/nav>/.exec(text)?.[1] ?? "";
    const targets = [...bar.matchAll(/href="([^"]+)"/g)].map((match) => path.resolve(path.dirname(html), decodeURI(match[1]).replace(/#.*$/, "")));
    const other = pages.find((page) => page.name === name && page.edition !== edition)!;
    expect(targets, html).toEqual([path.join(siteFolder, "index.html"), other.html]);
  }
});

describe.each(pages)("the exported page of $edition $name, opened offline", ({ edition, name, html, executed: executedFile }) => {
  const pageUrl = () => pathToFileURL(html).href;
  const committedFile = path.join(projectRoot, notebookPathIn(edition, name));

  test("draws every figure output, with no console errors and no network requests", async () => {
    const figureOutputs = plotlyBundlesIn(executedFile);
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
    const committed = readNotebook(committedFile);
    const solutions = committed.cells.filter(isSolutionCell).map((cell) => parseSolution(sourceOf(cell), name));
    const opened = await openOffline(browser, pageUrl());
    try {
      const folded = opened.page.locator("details.course-solution");
      expect(await folded.count()).toBe(solutions.length);
      for (const [index, solution] of solutions.entries()) {
        const details = folded.nth(index);
        // A line only this solution has: an import line may also stand in a teaching cell, or in a
        // solution opened before this one.
        const elsewhere = [
          ...committed.cells.filter((cell) => !isSolutionCell(cell)).map(sourceOf),
          ...solutions.filter((other) => other !== solution).map((other) => other.code),
        ].join("\n");
        const firstLine = solution.code
          .split("\n")
          .map((line) => line.trim())
          .find((line) => line.length > 12 && !elsewhere.includes(line))!;
        const code = details.locator(".jp-InputArea-editor");
        expect(await details.evaluate((element) => (element as unknown as { open: boolean }).open)).toBe(false);
        expect(await code.isVisible(), `solution ${index + 1} visible before it was opened`).toBe(false);
        // innerText holds only what is rendered: nothing inside a closed <details>.
        expect(
          await opened.page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText),
        ).not.toContain(firstLine);
        await details.locator("summary").click();
        expect(await code.isVisible()).toBe(true);
        expect(await code.innerText()).toContain(firstLine);
        expect(await details.locator(".jp-OutputArea-output").count(), `solution ${index + 1} shows what it printed`).toBeGreaterThan(0);
        expect(await details.locator(".course-solution-discussion").innerText()).toContain(
          solution.discussion.split(/\s+/).slice(0, 4).join(" ").replace(/[*`]/g, ""),
        );
      }
    } finally {
      await opened.context.close();
    }
  });

  test("the executed notebook keeps its solutions folded and carries no solution code cells", () => {
    const executed = readNotebook(executedFile);
    expect(executed.cells.filter((cell) => tagsOf(cell).includes(solutionRunTag) || (cell.cell_type === "code" && tagsOf(cell).includes("solution")))).toEqual(
      [],
    );
    const committed = readNotebook(committedFile);
    expect(executed.cells.filter(isSolutionCell).map(sourceOf)).toEqual(committed.cells.filter(isSolutionCell).map(sourceOf));
  });
});
