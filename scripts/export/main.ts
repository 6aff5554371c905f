// `npm run export`: executes every course notebook with the course kernel (through the same
// notebook runner the tests use) and writes a static site: one HTML page per notebook, an index in
// course order, plotly.js stored once for the whole site, and the executed notebooks in executed/.
// Each figure also gets a picture of itself (rendered in Chromium) for views that run no scripts.
//   npm run export                      full workloads, into site/
//   npm run export -- --quick           the tests' small workloads (notebooks/quick-parameters.json)
//   npm run export -- --standalone      every page carries plotly.js itself (one file to mail around)
//   npm run export -- --out docs        another output folder
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../../lib/project/build.cjs";
import { courseNotebooks, quickParameters, titleAndSummary } from "../jupyter/course-notebooks";
import { runNotebook } from "../jupyter/notebook-runner";
import { withoutSolutionRuns } from "../jupyter/notebook-solutions";
import { startJupyterServer } from "../jupyter/server";
import { convertToHtml } from "./nbconvert";
import { plotlyLibraryFile, plotlyLibraryScript } from "../../lib/plot/plotly-library";
import { siteIndexHtml, type SitePage } from "./site-index";
import { foldSolutionsForHtml } from "./solutions";
import { addStaticImages, startFigureRenderer, type FigureRenderer } from "./static-images";

interface ExportOptions {
  quick: boolean;
  standalone: boolean;
  outputFolder: string;
}

function readOptions(): ExportOptions {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      standalone: { type: "boolean", default: false },
      out: { type: "string", default: "site" },
    },
  });
  return { quick: values.quick, standalone: values.standalone, outputFolder: path.resolve(projectRoot, values.out) };
}

function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`;
}

/**
 * Runs every notebook in course order. Writes each executed notebook to executed/ (its solutions
 * folded, without their runs, so opening it in Jupyter shows no solution) and the page's version
 * (each solution folded with what it printed) to pagesFolder; returns the latter's paths and the index entries.
 */
async function executeCourse(
  options: ExportOptions,
  executedFolder: string,
  pagesFolder: string,
  renderer: FigureRenderer | undefined,
): Promise<{ files: string[]; pages: SitePage[] }> {
  const notebooks = courseNotebooks();
  const server = await startJupyterServer();
  const files: string[] = [];
  const pages: SitePage[] = [];
  try {
    for (const [index, name] of notebooks.entries()) {
      const started = Date.now();
      process.stdout.write(`[${index + 1}/${notebooks.length}] ${name} … `);
      const parameters = options.quick ? quickParameters(name) : {};
      const executed = await runNotebook(server, `notebooks/${name}`, { parameters }).catch((error: unknown) => {
        process.stdout.write("failed\n");
        throw error;
      });
      if (renderer) await addStaticImages(executed, renderer);
      fs.writeFileSync(path.join(executedFolder, name), JSON.stringify(withoutSolutionRuns(executed), null, 1));
      const file = path.join(pagesFolder, name);
      fs.writeFileSync(file, JSON.stringify(foldSolutionsForHtml(executed, `notebooks/${name}`), null, 1));
      files.push(file);
      pages.push({ file: name.replace(/\.ipynb$/, ".html"), ...titleAndSummary(executed, name) });
      process.stdout.write(`done in ${seconds(started)}\n`);
    }
  } finally {
    await server.stop();
  }
  return { files, pages };
}

const sharedPlotlyFile = "plotly.min.js";

/**
 * Outputs never carry plotly.js: each page with figures gets it in its <head>, before the figures'
 * scripts run, as a <script src> of the site's one plotly.min.js or, standalone, inlined.
 */
function addPlotlyToPages(outputFolder: string, pages: SitePage[], standalone: boolean): void {
  const library = standalone ? plotlyLibraryScript() : `<script type="text/javascript" src="${sharedPlotlyFile}"></script>`;
  let pagesWithPlots = 0;
  for (const page of pages) {
    const file = path.join(outputFolder, page.file);
    const html = fs.readFileSync(file, "utf8");
    if (!html.includes('class="ts-course-figure"')) continue;
    if (!html.includes("</head>")) throw new Error(`${page.file} has no </head> for plotly.js; is scripts/export/template intact?`);
    pagesWithPlots += 1;
    fs.writeFileSync(file, html.replace("</head>", () => `${library}\n</head>`));
  }
  if (pagesWithPlots > 0 && !standalone) fs.copyFileSync(plotlyLibraryFile(), path.join(outputFolder, sharedPlotlyFile));
}

async function main(): Promise<void> {
  // @jupyterlab/services announces every kernel websocket with console.debug, which would split
  // the progress lines; nothing else here uses console.debug.
  console.debug = () => undefined;
  const options = readOptions();
  const started = Date.now();
  const executedFolder = path.join(options.outputFolder, "executed");
  fs.rmSync(options.outputFolder, { recursive: true, force: true });
  fs.mkdirSync(executedFolder, { recursive: true });
  console.log(`Executing the course${options.quick ? " with quick parameters" : ""}:`);
  const renderer = await startFigureRenderer();
  if (!renderer) console.log("(No Chromium at /usr/bin/chromium: figures get no pictures for views that cannot run scripts.)");
  const pagesFolder = fs.mkdtempSync(path.join(os.tmpdir(), "course-pages-"));
  try {
    const { files, pages } = await executeCourse(options, executedFolder, pagesFolder, renderer).finally(() => renderer?.close());
    process.stdout.write("Converting to HTML … ");
    await convertToHtml(files, options.outputFolder);
    finishSite(options, pages, started);
  } finally {
    fs.rmSync(pagesFolder, { recursive: true, force: true });
  }
}

function finishSite(options: ExportOptions, pages: SitePage[], started: number): void {
  addPlotlyToPages(options.outputFolder, pages, options.standalone);
  fs.writeFileSync(path.join(options.outputFolder, "index.html"), siteIndexHtml(pages, "Concurrency in TypeScript"));
  console.log("done");
  console.log(`Wrote ${pages.length} pages to ${path.relative(process.cwd(), options.outputFolder) || "."}/ in ${seconds(started)}.`);
}

main().catch((error: unknown) => {
  console.error(`\nexport failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
