// plotly.js comes from the npm package and reaches the page as a file, never inside an output:
// a 4.9 MB output froze the page for seconds while later cells measured (issue 14).
//
// Setup copies the file into the Jupyter data folder, where the server already serves files:
//   nbextensions/ts-concurrency-course/plotly-<version>.min.js            classic Notebook 6, nbclassic
//   labextensions/ts-concurrency-course/static/plotly-<version>.min.js    JupyterLab 4, Notebook 7
// In classic Notebook a small nbextension (started by `npm start`) loads it when the notebook opens,
// before any cell runs. Elsewhere the first figure (or setupPlotting()) loads it, once per page.
// Figures drawn from saved outputs do the same; where scripts do not run (an untrusted notebook, a
// viewer) their placeholder stays: the data as text, or the picture the export made.
// The HTML export puts one plotly.min.js file (or, standalone, the library itself) into each page.
//
// It is plotly.js's basic bundle (scatter, bar and pie traces; every axis type, error bars, legends):
// all the course draws. Starting the full bundle kept a page's main thread busy for ~0.8 s here,
// the basic one for ~0.15 s.
import fs from "node:fs";
import { escapeHtml } from "./format";
import { mimeBundleSymbol, type Displayable } from "./mime";

/** Fired on window once plotly.js is defined; figure scripts that ran earlier wait for it. */
export const plotlyReadyEvent = "ts-concurrency-course:plotly-ready";
/** Fired on window when the page could not load plotly.js from the Jupyter server. */
export const plotlyFailedEvent = "ts-concurrency-course:plotly-failed";

/** The folder in the Jupyter data folder's nbextensions/ and labextensions/. */
export const jupyterAssetFolder = "ts-concurrency-course";

let libraryVersion: string | undefined;

/** Absolute path of the minified plotly.js basic bundle in node_modules. */
export function plotlyLibraryFile(): string {
  return require.resolve("plotly.js-basic-dist-min/plotly-basic.min.js");
}

export function plotlyLibraryVersion(): string {
  libraryVersion ??= (JSON.parse(fs.readFileSync(require.resolve("plotly.js-basic-dist-min/package.json"), "utf8")) as { version: string }).version;
  return libraryVersion;
}

/** The file's name in the Jupyter data folder: versioned, so a browser never keeps an old copy. */
export function plotlyAssetName(): string {
  return `plotly-basic-${plotlyLibraryVersion()}.min.js`;
}

/** The inlined library, for a standalone exported page. Defines window.Plotly unless it exists. */
export function plotlyLibraryScript(): string {
  // "</script" inside the code would end the element early; "<\/" means the same thing to JavaScript.
  const code = fs.readFileSync(plotlyLibraryFile(), "utf8").replace(/<\/script/gi, "<\\/script");
  return [`<script type="text/javascript" data-plotly-library="${plotlyLibraryVersion()}">`, "if (!window.Plotly) {", code, "}", "</script>"].join("\n");
}

/**
 * JavaScript (ES5, for any front end) that makes the page load plotly.js from the Jupyter server
 * it came from, once: a second call, from another figure, finds the <script> already there.
 * Fires plotlyReadyEvent when loaded, plotlyFailedEvent (with the URL) when the server has no copy.
 * Does nothing where no Jupyter server is known (an exported page, which brings its own copy).
 */
export function pageLoaderScript(): string {
  const asset = JSON.stringify(plotlyAssetName());
  const folder = JSON.stringify(jupyterAssetFolder);
  return `(function () {
  if (window.Plotly || document.querySelector("script[data-ts-course-plotly]")) return;
  var url;
  var config = document.getElementById("jupyter-config-data");
  if (config) {
    try { url = JSON.parse(config.textContent).fullLabextensionsUrl; } catch (error) { url = undefined; }
    if (url) url = url.replace(/\\/$/, "") + "/" + ${folder} + "/static/" + ${asset};
  }
  var base = document.body ? document.body.getAttribute("data-base-url") : null;
  if (!url && base !== null) url = base.replace(/\\/?$/, "/") + "nbextensions/" + ${folder} + "/" + ${asset};
  if (!url) return;
  var script = document.createElement("script");
  script.setAttribute("data-ts-course-plotly", url);
  script.onload = function () { if (window.Plotly) window.dispatchEvent(new Event(${JSON.stringify(plotlyReadyEvent)})); };
  script.onerror = function () {
    window.tsCoursePlotlyFailed = url;
    window.dispatchEvent(new CustomEvent(${JSON.stringify(plotlyFailedEvent)}, { detail: url }));
  };
  // plotly.js 3's bundle sets window.Plotly itself, also where require.js is on the page.
  script.src = url;
  document.head.appendChild(script);
})();`;
}

/** What a figure says in place of its plot when the page found no plotly.js on its server. */
export function missingLibraryNote(url: string): string {
  return `plotly.js could not be loaded from ${url}. Run \`npm run setup\` (or, for your own Jupyter, \`npm run kernel:install -- --user\`) and reload the page; until then the plot is shown as a table.`;
}

/**
 * A small output that makes the page load plotly.js now, e.g. in a notebook's first cell, so that
 * no later cell measures while the page takes in the library. It reports in the page when done.
 *
 * Python: `plotly.offline.init_notebook_mode()`.
 *
 * @example
 * setupPlotting() // as the last line of a cell: "plotly.js … is ready." once the page has it
 */
export function setupPlotting(): Displayable {
  const version = plotlyLibraryVersion();
  const id = `ts-course-plotly-status-${Math.random().toString(36).slice(2)}`;
  const summary = `plotly.js ${version} is loaded by the page from the Jupyter server, once.`;
  const report = `<script type="text/javascript">
(function () {
  var status = document.getElementById(${JSON.stringify(id)});
  function show(text) { if (status) status.textContent = text; }
  function ready() { show(${JSON.stringify(`plotly.js ${version} is ready.`)}); }
  if (window.Plotly) return ready();
  window.addEventListener(${JSON.stringify(plotlyReadyEvent)}, ready);
  window.addEventListener(${JSON.stringify(plotlyFailedEvent)}, function (event) { show(${missingNoteScript("event.detail")}); });
  if (window.tsCoursePlotlyFailed) show(${missingNoteScript("window.tsCoursePlotlyFailed")});
  ${pageLoaderScript()}
})();
</script>`;
  return {
    [mimeBundleSymbol]: () => ({
      "text/html": `<div id="${id}" class="ts-course-plotting-status">${escapeHtml(summary)}</div>\n${report}`,
      "text/plain": summary,
    }),
  };
}

/** JavaScript that builds missingLibraryNote() in the page for the URL held by `urlExpression`. */
export function missingNoteScript(urlExpression: string): string {
  const [before, after] = missingLibraryNote("\u0000").split("\u0000");
  return `${JSON.stringify(before)} + ${urlExpression} + ${JSON.stringify(after)}`;
}

/** The classic Notebook extension (nbextensions/ts-concurrency-course/main.js): loads plotly.js when a notebook opens. */
export function classicNotebookExtension(): string {
  return [
    "// Written by the course's setup (scripts/kernel-install.cjs) from lib/plot/plotly-library.ts:",
    "// loads plotly.js when a notebook opens, before any cell runs, so no figure has to.",
    "define([], function () {",
    '  "use strict";',
    "  return {",
    "    load_ipython_extension: function () {",
    pageLoaderScript().replace(/^/gm, "      "),
    "    },",
    "  };",
    "});",
    "",
  ].join("\n");
}
