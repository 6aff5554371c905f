// Runs a course notebook the way a learner does: opened in Chromium in the front end `npm start`
// serves (classic Notebook 6 here), its parameters cell edited, then Cell → Run All from the menu;
// then each exercise's solution opened (it must be folded until then) and its code run in a new
// cell below it, as a learner pastes it. Meanwhile the page records every long task of its main
// thread and a timer heartbeat. Returns the notebook as the page holds it (nbformat 4, with
// outputs), what blocked the page, and screenshots.
import type * as nbformat from "@jupyterlab/nbformat";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { Browser, Page } from "playwright-core";
import { projectRoot } from "../../lib/project/build.cjs";
import { applyParameters, type NotebookParameters } from "../../scripts/jupyter/notebook-parameters";
import { isSolutionCell, parseSolution, solutionRunTag, sourceOf } from "../../scripts/jupyter/notebook-solutions";
import { plotlyAssetName } from "../../lib/plot";
import type { FrontEndAddress } from "./front-end";

export interface PageBlock {
  /** ms since the page started loading */
  startMs: number;
  durationMs: number;
}

export interface BrowserRun {
  notebook: nbformat.INotebookContent;
  /** The longest tasks of the page's main thread (PerformanceObserver "longtask") from Run All on, longest first. */
  longTasks: PageBlock[];
  /** The same while the notebook opened (classic Notebook's own start, plotly.js), before any cell ran. */
  longTasksWhileOpening: PageBlock[];
  /** The longest gap between two ticks of a 50 ms timer in the page from Run All on, beyond its 50 ms, in ms. */
  longestHeartbeatGapMs: number;
  /** Every request the page made for the plotly.js file. */
  plotlyRequests: string[];
  /** Whether plotly.js was defined before Run All started. */
  plotlyReadyBeforeRun: boolean;
  /** Screenshots written: the top of the notebook and each figure. */
  screenshots: string[];
  /** Solution cells (tagged "solution") whose code could be read on the page before they were opened. */
  visibleSolutionCells: number[];
  /** Solution cells that did not show their code once their summary was clicked. */
  unopenableSolutionCells: number[];
  /** Console errors and uncaught page errors. */
  pageErrors: string[];
}

/** The classic Notebook's page API, as far as the runner uses it. */
interface ClassicCell {
  cell_type: string;
  metadata: { tags?: string[] };
  execute(): void;
  input_prompt_number: number | string | null | undefined;
  element: { hasClass(name: string): boolean; 0: { querySelector(selector: string): unknown } };
  get_text(): string;
  set_text(text: string): void;
  output_area: { outputs: Array<{ output_type: string; ename?: string; evalue?: string; traceback?: string[] }> };
}

interface ClassicWindow {
  Jupyter?: {
    notebook?: {
      kernel?: { is_connected(): boolean; info_reply?: unknown };
      get_cells(): ClassicCell[];
      get_cell(index: number): ClassicCell;
      insert_cell_below(type: "code", index: number): ClassicCell;
      set_autosave_interval(interval: number): void;
      save_notebook: () => Promise<void>;
      toJSON(): nbformat.INotebookContent;
    };
  };
  Plotly?: unknown;
  tsCourseProbe: { longTasks: PageBlock[]; longestGapMs: number; runStartedMs: number };
}

/** Runs before any script of the page: the long-task observer and the heartbeat. */
function installProbe(): void {
  const page = globalThis as unknown as ClassicWindow & {
    PerformanceObserver: new (callback: (list: { getEntries(): Array<{ startTime: number; duration: number }> }) => void) => { observe(options: object): void };
    performance: { now(): number };
    setInterval(callback: () => void, ms: number): unknown;
  };
  const probe = { longTasks: [] as PageBlock[], longestGapMs: 0, runStartedMs: Number.POSITIVE_INFINITY };
  page.tsCourseProbe = probe;
  new page.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  let last = page.performance.now();
  page.setInterval(() => {
    const now = page.performance.now();
    if (last >= probe.runStartedMs) probe.longestGapMs = Math.max(probe.longestGapMs, now - last - 50);
    last = now;
  }, 50);
}

function hashOf(file: string): string {
  return crypto.createHash("sha1").update(fs.readFileSync(file)).digest("hex");
}

/** The source a learner would type into the parameters cell for these values (index -1: no cell). */
function parametersCell(notebookFile: string, parameters: NotebookParameters): { index: number; source: string } {
  const notebook = JSON.parse(fs.readFileSync(notebookFile, "utf8")) as nbformat.INotebookContent;
  const edited = applyParameters(notebook, parameters, path.relative(projectRoot, notebookFile));
  const index = edited.cells.findIndex((cell, at) => cell !== notebook.cells[at]);
  const source = index < 0 ? "" : edited.cells[index]?.source;
  return { index, source: Array.isArray(source) ? source.join("") : (source ?? "") };
}

export interface BrowserRunOptions {
  parameters: NotebookParameters;
  /** Folder for the screenshots. */
  screenshotFolder: string;
  runTimeoutMs?: number;
}

export async function runNotebookInBrowser(browser: Browser, frontEnd: FrontEndAddress, name: string, options: BrowserRunOptions): Promise<BrowserRun> {
  if (frontEnd.home !== "tree") {
    throw new Error(
      `The browser test drives classic Notebook, but npm start serves "${frontEnd.home}" here (JupyterLab); run it where npm start serves classic Notebook (Debian's jupyter-notebook).`,
    );
  }
  const notebookFile = path.join(projectRoot, "notebooks", name);
  const committed = hashOf(notebookFile);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  const plotlyRequests: string[] = [];
  try {
    // Only the server on 127.0.0.1 may be reached.
    await context.route("**/*", (route) => (new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort()));
    await context.addInitScript(installProbe);
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("request", (request) => {
      if (request.url().includes(plotlyAssetName())) plotlyRequests.push(request.url());
    });
    await page.goto(`${frontEnd.baseUrl}notebooks/${name.split("/").map(encodeURIComponent).join("/")}?token=${frontEnd.token}`);
    await page.waitForFunction(() => (globalThis as unknown as ClassicWindow).Jupyter?.notebook?.kernel?.is_connected() === true, null, { timeout: 120_000 });
    // Never save: the committed notebook has no outputs (and the test checks it did not change).
    await page.evaluate(() => {
      const notebook = (globalThis as unknown as ClassicWindow).Jupyter?.notebook;
      if (notebook === undefined) throw new Error("no notebook on the page");
      notebook.set_autosave_interval(0);
      notebook.save_notebook = () => Promise.resolve();
    });
    // The course's nbextension loads plotly.js when the notebook opens; a learner starts later.
    const plotlyReadyBeforeRun = await page
      .waitForFunction(() => (globalThis as unknown as ClassicWindow).Plotly !== undefined, null, { timeout: 60_000 })
      .then(
        () => true,
        () => false,
      );
    const parameters = parametersCell(notebookFile, options.parameters);
    if (parameters.index >= 0) {
      await page.evaluate(({ index, source }) => (globalThis as unknown as ClassicWindow).Jupyter?.notebook?.get_cell(index).set_text(source), parameters);
    }
    await page.evaluate(() => {
      const probe = (globalThis as unknown as ClassicWindow & { performance: { now(): number } }).tsCourseProbe;
      probe.runStartedMs = (globalThis as unknown as { performance: { now(): number } }).performance.now();
    });
    await page.click("#celllink");
    await page.click("#run_all_cells a");
    await waitUntilRunAllFinished(page, options.runTimeoutMs ?? 600_000, name);
    const visibleSolutionCells = await visibleSolutions(page);
    const screenshots = await takeScreenshots(page, options.screenshotFolder, visibleSolutionCells[0]);
    const unopenableSolutionCells = await runSolutions(page, notebookFile, options.runTimeoutMs ?? 600_000, name);
    const notebook = await page.evaluate(() => {
      const model = (globalThis as unknown as ClassicWindow).Jupyter?.notebook;
      if (model === undefined) throw new Error("no notebook on the page");
      return model.toJSON();
    });
    const probe = await page.evaluate(() => (globalThis as unknown as ClassicWindow).tsCourseProbe);
    if (hashOf(notebookFile) !== committed) throw new Error(`${name} changed on disk during the browser run; the run must never save it.`);
    const longest = (tasks: PageBlock[]): PageBlock[] => [...tasks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 10);
    return {
      notebook,
      longTasks: longest(probe.longTasks.filter((task) => task.startMs >= probe.runStartedMs)),
      longTasksWhileOpening: longest(probe.longTasks.filter((task) => task.startMs < probe.runStartedMs)),
      longestHeartbeatGapMs: probe.longestGapMs,
      plotlyRequests,
      plotlyReadyBeforeRun,
      screenshots,
      visibleSolutionCells,
      unopenableSolutionCells,
      pageErrors,
    };
  } finally {
    await context.close();
  }
}

/** Run All marks every code cell running until its reply; done when none is. Fails on a cell's error. */
async function waitUntilRunAllFinished(page: Page, timeoutMs: number, name: string): Promise<void> {
  await page.waitForFunction(
    () => {
      const cells = (globalThis as unknown as ClassicWindow).Jupyter?.notebook?.get_cells() ?? [];
      return cells.every((cell) => cell.cell_type !== "code" || !cell.element.hasClass("running"));
    },
    null,
    { timeout: timeoutMs, polling: 500 },
  );
  const problem = await page.evaluate(() => {
    const cells = (globalThis as unknown as ClassicWindow).Jupyter?.notebook?.get_cells() ?? [];
    for (const [index, cell] of cells.entries()) {
      if (cell.cell_type !== "code" || cell.get_text().trim() === "") continue;
      const error = cell.output_area.outputs.find((output) => output.output_type === "error");
      if (error !== undefined) return `cell ${index + 1} failed: ${error.ename}: ${error.evalue}\n${(error.traceback ?? []).join("\n")}`;
      if (typeof cell.input_prompt_number !== "number") return `cell ${index + 1} did not run (its prompt shows ${String(cell.input_prompt_number)})`;
    }
    return undefined;
  });
  if (problem !== undefined) throw new Error(`${name} in the browser: ${stripVTControlCharacters(problem)}`);
}

/** Whether the code of each solution cell (rendered markdown) can be read on the page now, by cell index. */
async function solutionCodeShown(page: Page): Promise<Array<{ index: number; shown: boolean }>> {
  return page.evaluate(() => {
    interface Box {
      getBoundingClientRect(): { height: number; width: number };
      // A closed <details> keeps laying out its content (content-visibility: hidden) but does not paint it.
      checkVisibility(options: { contentVisibilityAuto: boolean; visibilityProperty: boolean; opacityProperty: boolean }): boolean;
      textContent: string | null;
    }
    const cells = (globalThis as unknown as ClassicWindow).Jupyter?.notebook?.get_cells() ?? [];
    return cells.flatMap((cell, index) => {
      if (cell.cell_type !== "markdown" || !(cell.metadata.tags ?? []).includes("solution")) return [];
      const code = cell.element[0].querySelector(".text_cell_render pre") as Box | null;
      const box = code?.getBoundingClientRect();
      const painted = code?.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true, opacityProperty: true }) === true;
      return [{ index, shown: code !== null && painted && box !== undefined && box.height > 0 && box.width > 0 && (code.textContent ?? "").trim() !== "" }];
    });
  });
}

/** Indices of the solution cells whose code a learner can read without asking for it. */
async function visibleSolutions(page: Page): Promise<number[]> {
  return (await solutionCodeShown(page)).filter((cell) => cell.shown).map((cell) => cell.index);
}

/**
 * What a learner does with each solution, from the last to the first (so indices stay put): clicks
 * its summary, then runs its code in a new cell tagged solution-run right below it. Returns the
 * solution cells that did not show their code when clicked. Fails on a solution that fails.
 */
async function runSolutions(page: Page, notebookFile: string, timeoutMs: number, name: string): Promise<number[]> {
  const notebook = JSON.parse(fs.readFileSync(notebookFile, "utf8")) as nbformat.INotebookContent;
  const solutions = notebook.cells.flatMap((cell, index) =>
    isSolutionCell(cell) ? [{ index, code: parseSolution(sourceOf(cell), `${name}, cell ${index + 1}`).code }] : [],
  );
  for (const { index } of solutions) await page.locator("#notebook-container > .cell").nth(index).locator("summary").click();
  const unopened = (await solutionCodeShown(page)).filter((cell) => !cell.shown).map((cell) => cell.index);
  for (const { index, code } of [...solutions].reverse()) {
    await page.evaluate(
      ({ at, source, tag }) => {
        const cell = (globalThis as unknown as ClassicWindow).Jupyter?.notebook?.insert_cell_below("code", at);
        if (cell === undefined) throw new Error("no notebook on the page");
        cell.set_text(source);
        cell.metadata.tags = [tag];
      },
      { at: index, source: code, tag: solutionRunTag },
    );
  }
  // In notebook order; the kernel runs them one after the other, as the learner would.
  for (const [position, { index }] of solutions.entries()) {
    await page.evaluate((at) => (globalThis as unknown as ClassicWindow).Jupyter?.notebook?.get_cell(at).execute(), index + position + 1);
  }
  await waitUntilRunAllFinished(page, timeoutMs, name);
  return unopened;
}

/** The top of the notebook, every figure and table, and the first solution cell, as a learner sees them after Run All. */
async function takeScreenshots(page: Page, folder: string, solutionCell: number | undefined): Promise<string[]> {
  fs.mkdirSync(folder, { recursive: true });
  for (const old of fs.readdirSync(folder)) fs.rmSync(path.join(folder, old), { force: true });
  const files: string[] = [];
  const top = path.join(folder, "00-top.png");
  // Classic Notebook scrolls the notebook inside #site, not the page.
  await page.evaluate(() => {
    const site = (globalThis as unknown as { document: { getElementById(id: string): { scrollTop: number } | null } }).document.getElementById("site");
    if (site !== null) site.scrollTop = 0;
  });
  await page.screenshot({ path: top });
  files.push(top);
  const shots = [
    { prefix: "figure", items: page.locator(".ts-course-figure") },
    { prefix: "table", items: page.locator(".output_area:has(table.ts-course-table)") },
  ];
  // Classic Notebook renders the cells in notebook order.
  if (solutionCell !== undefined) shots.push({ prefix: "visible-solution", items: page.locator("#notebook-container > .cell").nth(solutionCell) });
  const firstSolution = (await solutionCodeShown(page))[0];
  if (firstSolution !== undefined) shots.push({ prefix: "folded-solution", items: page.locator("#notebook-container > .cell").nth(firstSolution.index) });
  for (const { prefix, items } of shots) {
    for (let index = 0; index < (await items.count()); index += 1) {
      const file = path.join(folder, `${prefix}-${String(index + 1).padStart(2, "0")}.png`);
      await items.nth(index).scrollIntoViewIfNeeded();
      await items.nth(index).screenshot({ path: file });
      files.push(file);
    }
  }
  return files;
}
