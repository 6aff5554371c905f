// `npm run export`: executes every course notebook of both editions (English, then German in de/)
// with the course kernel (through the same notebook runner the tests use) and writes a static site:
// one HTML page per notebook with a link to the same page in the other language, an index of both
// editions in course order, plotly.js stored once for the whole site, and the executed notebooks in
// executed/ (executed/de/). Each figure also gets a picture of itself (rendered in Chromium) for
// views that run no scripts.
//   npm run export                      full workloads, into site/
//   npm run export -- --quick           the tests' small workloads (notebooks/quick-parameters.json)
//   npm run export -- --standalone      every page carries plotly.js itself (one file to mail around)
//   npm run export -- --out docs        another output folder
//   npm run export -- --executed DIR    take DIR/<en|de>/<notebook> where it exists instead of running
//                                       the notebook (the tests pass the ones they ran)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type * as nbformat from "@jupyterlab/nbformat";
import { projectRoot } from "../../lib/project/build.cjs";
import { courseNotebooks, quickParameters, titleAndSummary } from "../jupyter/course-notebooks";
import { editions, germanSubfolder, notebookPathIn, type Edition } from "../jupyter/editions";
import { runNotebook } from "../jupyter/notebook-runner";
import { withoutSolutionRuns } from "../jupyter/notebook-solutions";
import { startJupyterServer, type RunningJupyterServer } from "../jupyter/server";
import { convertToHtml } from "./nbconvert";
import { plotlyLibraryFile, plotlyLibraryScript } from "../../lib/internal";
import { addLanguageSwitch, siteIndexHtml, type SiteEdition, type SitePage } from "./site-index";
import { foldSolutionsForHtml } from "./solutions";
import { addStaticImages, startFigureRenderer, type FigureRenderer } from "./static-images";

interface ExportOptions {
  quick: boolean;
  standalone: boolean;
  outputFolder: string;
  /** A folder of notebooks already executed with the same parameters, per edition (see the header). */
  executedFolder: string | undefined;
}

function readOptions(): ExportOptions {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      standalone: { type: "boolean", default: false },
      out: { type: "string", default: "site" },
      executed: { type: "string" },
    },
  });
  const executedFolder = values.executed === undefined ? undefined : path.resolve(values.executed);
  return { quick: values.quick, standalone: values.standalone, outputFolder: path.resolve(projectRoot, values.out), executedFolder };
}

function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`;
}

/** An edition's folder below the site (and below executed/): "" for English, "de" for German. */
function siteSubfolder(edition: Edition): string {
  return edition === "en" ? "" : germanSubfolder;
}

/** The notebook run with the course kernel, or the one the caller ran already (--executed). */
async function executedNotebook(
  options: ExportOptions,
  edition: Edition,
  name: string,
  server: () => Promise<RunningJupyterServer>,
): Promise<{ notebook: nbformat.INotebookContent; ranHere: boolean }> {
  const given = options.executedFolder === undefined ? undefined : path.join(options.executedFolder, edition, name);
  if (given !== undefined && fs.existsSync(given)) return { notebook: JSON.parse(fs.readFileSync(given, "utf8")) as nbformat.INotebookContent, ranHere: false };
  const parameters = options.quick ? quickParameters(name) : {};
  return { notebook: await runNotebook(await server(), notebookPathIn(edition, name), { parameters }), ranHere: true };
}

/**
 * Runs every notebook of both editions in course order. Writes each executed notebook to executed/
 * (its solutions folded, without their runs, so opening it in Jupyter shows no solution) and the
 * page's version (each solution folded with what it printed) to pagesFolder/<edition>; returns each
 * edition's page files and index entries.
 */
async function executeCourse(options: ExportOptions, pagesFolder: string, renderer: FigureRenderer | undefined): Promise<SiteEdition[]> {
  const notebooks = courseNotebooks();
  let started: Promise<RunningJupyterServer> | undefined;
  // Started only when a notebook has to run here.
  const server = () => (started ??= startJupyterServer());
  const done: SiteEdition[] = [];
  let count = 0;
  try {
    for (const edition of editions) {
      const executedFolder = path.join(options.outputFolder, "executed", siteSubfolder(edition));
      const pages = path.join(pagesFolder, edition);
      fs.mkdirSync(executedFolder, { recursive: true });
      fs.mkdirSync(pages, { recursive: true });
      const site: SiteEdition = { edition, folder: siteSubfolder(edition), files: [], pages: [] };
      for (const name of notebooks) {
        const begun = Date.now();
        count += 1;
        process.stdout.write(`[${count}/${editions.length * notebooks.length}] ${notebookPathIn(edition, name)} … `);
        const { notebook: executed, ranHere } = await executedNotebook(options, edition, name, server).catch((error: unknown) => {
          process.stdout.write("failed\n");
          throw error;
        });
        if (renderer) await addStaticImages(executed, renderer);
        fs.writeFileSync(path.join(executedFolder, name), JSON.stringify(withoutSolutionRuns(executed), null, 1));
        const file = path.join(pages, name);
        fs.writeFileSync(file, JSON.stringify(foldSolutionsForHtml(executed, notebookPathIn(edition, name)), null, 1));
        site.files.push(file);
        site.pages.push({ file: name.replace(/\.ipynb$/, ".html"), ...titleAndSummary(executed, name) });
        process.stdout.write(`${ranHere ? "done" : "taken as executed"} in ${seconds(begun)}\n`);
      }
      done.push(site);
    }
  } finally {
    if (started !== undefined) await (await started).stop();
  }
  return done;
}

const sharedPlotlyFile = "plotly.min.js";

/**
 * Outputs never carry plotly.js: each page with figures gets it in its <head>, before the figures'
 * scripts run, as a <script src> of the site's one plotly.min.js or, standalone, inlined.
 */
function addPlotlyToPages(outputFolder: string, sites: SiteEdition[], standalone: boolean): void {
  let pagesWithPlots = 0;
  for (const { folder, pages } of sites) {
    const source = path.posix.join(folder === "" ? "" : "..", sharedPlotlyFile);
    const library = standalone ? plotlyLibraryScript() : `<script type="text/javascript" src="${source}"></script>`;
    pagesWithPlots += addToPages(path.join(outputFolder, folder), pages, library);
  }
  if (pagesWithPlots > 0 && !standalone) fs.copyFileSync(plotlyLibraryFile(), path.join(outputFolder, sharedPlotlyFile));
}

/** Puts `library` into the head of each page with figures; returns how many had them. */
function addToPages(folder: string, pages: SitePage[], library: string): number {
  let pagesWithPlots = 0;
  for (const page of pages) {
    const file = path.join(folder, page.file);
    const html = fs.readFileSync(file, "utf8");
    if (!html.includes('class="ts-course-figure"')) continue;
    if (!html.includes("</head>")) throw new Error(`${page.file} has no </head> for plotly.js; is scripts/export/template intact?`);
    pagesWithPlots += 1;
    fs.writeFileSync(
      file,
      html.replace("</head>", () => `${library}\n</head>`),
    );
  }
  return pagesWithPlots;
}

async function main(): Promise<void> {
  // @jupyterlab/services announces every kernel websocket with console.debug, which would split
  // the progress lines; nothing else here uses console.debug.
  console.debug = () => undefined;
  const options = readOptions();
  const started = Date.now();
  fs.rmSync(options.outputFolder, { recursive: true, force: true });
  console.log(`Executing the course${options.quick ? " with quick parameters" : ""}:`);
  const renderer = await startFigureRenderer();
  if (!renderer) console.log("(No Chromium at /usr/bin/chromium: figures get no pictures for views that cannot run scripts.)");
  const pagesFolder = fs.mkdtempSync(path.join(os.tmpdir(), "course-pages-"));
  try {
    const sites = await executeCourse(options, pagesFolder, renderer).finally(() => renderer?.close());
    process.stdout.write("Converting to HTML … ");
    for (const site of sites) await convertToHtml(site.files, path.join(options.outputFolder, site.folder));
    finishSite(options, sites, started);
  } finally {
    fs.rmSync(pagesFolder, { recursive: true, force: true });
  }
}

function finishSite(options: ExportOptions, sites: SiteEdition[], started: number): void {
  addPlotlyToPages(options.outputFolder, sites, options.standalone);
  for (const site of sites) addLanguageSwitch(options.outputFolder, site);
  fs.writeFileSync(path.join(options.outputFolder, "index.html"), siteIndexHtml(sites));
  console.log("done");
  const pages = sites.reduce((total, site) => total + site.pages.length, 0);
  console.log(`Wrote ${pages} pages to ${path.relative(process.cwd(), options.outputFolder) || "."}/ in ${seconds(started)}.`);
}

main().catch((error: unknown) => {
  console.error(`\nexport failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
