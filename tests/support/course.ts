import type * as nbformat from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, inject } from "vitest";
import { setCourseLanguage } from "../../lib/language";
import { plotlyMimeType } from "../../lib/plot";
import { projectRoot } from "../../lib/project/build.cjs";
import { launchChromium } from "../../scripts/export/chromium";
import { rememberedJupyterPython } from "../../scripts/jupyter-env.cjs";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { notebookPathIn, type Edition } from "../../scripts/jupyter/editions";
import { runNotebook as runOnServer, type RunNotebookOptions } from "../../scripts/jupyter/notebook-runner";
import { runNotebookInBrowser, type BrowserRun } from "./browser-notebook";
import { executedNotebooksFolder } from "./executed-folder";

declare module "vitest" {
  export interface ProvidedContext {
    /** How the course project's content tests run notebooks: through the Jupyter server's API, or in Chromium. */
    notebookRunner: "server" | "browser";
    /** The editions whose notebooks the content tests run: German in the course project (COURSE_EDITIONS chooses), English in the browser project. */
    courseEditions: Edition[];
  }
}

/** The editions this project's content tests run (see vitest.config.mts). */
function courseEditions(): Edition[] {
  return inject("courseEditions");
}

/**
 * A notebook's content tests: one describe block per edition this project runs, whose beforeAll
 * runs the notebook (runCourseNotebook, within `serverMs` through the server's API) and whose
 * tests see lib print in the edition's language. `body` declares the tests; `executed()` gives
 * the executed notebook once beforeAll has run it.
 */
export function describeCourseNotebook(name: string, serverMs: number, body: (executed: () => nbformat.INotebookContent, edition: Edition) => void): void {
  describe.each(courseEditions())(`${name.replace(/\.ipynb$/, "")} (%s)`, (edition) => {
    let executed: nbformat.INotebookContent | undefined;
    beforeAll(async () => {
      executed = await runCourseNotebook(name, edition);
    }, notebookRunTimeout(serverMs));
    printInLanguageOf(edition);
    body(() => {
      if (executed === undefined) throw new Error(`${name} (${edition}) did not run: its beforeAll failed, see the error above`);
      return executed;
    }, edition);
  });
}

/**
 * Makes lib print in the edition's language while the current describe block's tests run, so
 * what a test recomputes (a verdict, a title) reads as the notebook printed it.
 */
function printInLanguageOf(edition: Edition): void {
  beforeEach(() => {
    setCourseLanguage(edition);
    return () => setCourseLanguage("en");
  });
}

/** The largest output a notebook may send: bigger ones freeze the page while it takes them in. */
export const maxOutputBytes = 200_000;
/** The longest the page's main thread may be blocked. */
export const maxPageBlockMs = 500;

/** Runs a notebook (path relative to the project root) on the test run's Jupyter server. */
export function runNotebook(notebookPath: string, options: RunNotebookOptions = {}): Promise<nbformat.INotebookContent> {
  return runOnServer(inject("jupyterServer"), notebookPath, options);
}

/**
 * The time a content test's beforeAll gives its notebook: what it needs through the server's API
 * (the figure the test names), three times that in the browser, which renders every output too.
 */
function notebookRunTimeout(serverMs: number): number {
  return inject("notebookRunner") === "browser" ? 3 * serverMs : serverMs;
}

/** nbformat's own validator's complaint about a notebook, or "" when it is valid. */
export function nbformatProblems(notebook: unknown): string {
  const check = "import json, sys, nbformat\nnbformat.validate(nbformat.from_dict(json.load(sys.stdin)), version=4)";
  const result = spawnSync(rememberedJupyterPython().python, ["-c", check], { input: JSON.stringify(notebook), encoding: "utf8" });
  return result.status === 0 ? "" : result.stderr.trim().split("\n").slice(-3).join("\n");
}

function outputsOf(notebook: nbformat.INotebookContent): nbformat.IOutput[] {
  return notebook.cells.flatMap((cell) => (cell.cell_type === "code" ? (cell as nbformat.ICodeCell).outputs : []));
}

/**
 * Runs a course notebook with its quick parameters, as a learner's front end would through the
 * Jupyter server (in the browser project: by Run All in Chromium), and checks what holds for every notebook: each cell ran, the result is valid
 * nbformat, no output is over 200 kB, and every figure carries its plotly, HTML and text views.
 */
async function runCourseNotebook(name: string, edition: Edition = "en"): Promise<nbformat.INotebookContent> {
  const inBrowser = inject("notebookRunner") === "browser";
  const executed = inBrowser ? await runInBrowser(name, edition) : await runNotebook(notebookPathIn(edition, name), { parameters: quickParameters(name) });
  const unexecuted = executed.cells.filter((cell) => cell.cell_type === "code" && typeof cell.execution_count !== "number");
  expect(unexecuted, `${name}: code cells without an execution count`).toEqual([]);
  expect(nbformatProblems(executed), `${name} after execution`).toBe("");
  expect(
    outputSizes(executed).filter((size) => size.bytes > maxOutputBytes),
    `${name}: outputs over ${maxOutputBytes / 1000} kB`,
  ).toEqual([]);
  const figures = outputsOf(executed).filter((output) => plotlyMimeType in ((output as nbformat.IDisplayData).data ?? {}));
  for (const figure of figures) {
    expect(Object.keys((figure as nbformat.IDisplayData).data)).toEqual(expect.arrayContaining([plotlyMimeType, "text/html", "text/plain"]));
  }
  keepForExport(executed, name, edition);
  return executed;
}

/** Saves a notebook the way `npm run export -- --quick --executed <folder>` reads it: <folder>/<edition>/<name>. */
function keepForExport(executed: nbformat.INotebookContent, name: string, edition: Edition): void {
  const folder = path.join(executedNotebooksFolder, edition);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, name), JSON.stringify(executed));
}

/** Every output's size as sent (its JSON), with the cell it belongs to. */
function outputSizes(notebook: nbformat.INotebookContent): Array<{ cell: number; bytes: number }> {
  return notebook.cells.flatMap((cell, index) =>
    cell.cell_type === "code"
      ? (cell as nbformat.ICodeCell).outputs.map((output) => ({ cell: index + 1, bytes: Buffer.byteLength(JSON.stringify(output)) }))
      : [],
  );
}

/**
 * Runs the notebook with Run All in Chromium in the front end `npm start` serves, and checks that
 * the page never blocks its main thread over 500 ms and loads plotly.js once, as a file.
 * Leaves screenshots and a summary in .vitest/browser/<notebook>/.
 */
async function runInBrowser(name: string, edition: Edition): Promise<nbformat.INotebookContent> {
  const folder = path.join(projectRoot, ".vitest", "browser", edition, name.replace(/\.ipynb$/, ""));
  const browser = await launchChromium();
  const started = Date.now();
  let run: BrowserRun;
  try {
    run = await runNotebookInBrowser(browser, inject("frontEnd"), path.relative("notebooks", notebookPathIn(edition, name)), {
      parameters: quickParameters(name),
      screenshotFolder: folder,
    });
  } finally {
    await browser.close();
  }
  const sizes = outputSizes(run.notebook);
  fs.writeFileSync(
    path.join(folder, "run.json"),
    JSON.stringify(
      { name, seconds: (Date.now() - started) / 1000, largestOutputs: [...sizes].sort((a, b) => b.bytes - a.bytes).slice(0, 5), ...run, notebook: undefined },
      null,
      2,
    ),
  );
  // From Run All on: while the notebook opens, the page runs classic Notebook's own start-up too.
  const longest = run.longTasks[0]?.durationMs ?? 0;
  const blocks = run.longTasks.map((task) => `${task.durationMs.toFixed(0)} ms at ${(task.startMs / 1000).toFixed(1)} s`).join(", ");
  expect(
    longest,
    `${name}: during Run All the page's main thread was blocked for ${blocks} (timer heartbeat: longest gap ${run.longestHeartbeatGapMs.toFixed(0)} ms)`,
  ).toBeLessThanOrEqual(maxPageBlockMs);
  expect(run.plotlyReadyBeforeRun, `${name}: plotly.js was not there when Run All began`).toBe(true);
  expect(run.plotlyRequests, `${name}: the page loads plotly.js once, as a file`).toHaveLength(1);
  expect(run.pageErrors, `${name}: errors on the page`).toEqual([]);
  expect(run.visibleSolutionCells, `${name}: solution cells whose code shows before the learner opens them`).toEqual([]);
  expect(run.unopenableSolutionCells, `${name}: solution cells that show no code when opened`).toEqual([]);
  return run.notebook;
}
