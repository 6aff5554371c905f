// plotly.js comes from the npm package and goes into the notebook once per kernel session:
// the first figure's text/html carries it (or an explicit setupPlotting() call does), later figures
// only wait for it. Inlining per figure would cost ~4.9 MB each; a CDN would break offline use.
import fs from "node:fs";
import { escapeHtml } from "./format";
import { mimeBundleSymbol, type Displayable } from "./mime";

/** Fired on window once plotly.js is defined; figure scripts that ran earlier wait for it. */
export const plotlyReadyEvent = "ts-concurrency-course:plotly-ready";

// Kept on globalThis so two copies of this module (e.g. lib loaded through two paths) share one session.
const sessionKey = Symbol.for("ts-concurrency-course.plot.session");

interface PlottingSession {
  libraryInlined: boolean;
}

function session(): PlottingSession {
  const holder = globalThis as { [sessionKey]?: PlottingSession };
  holder[sessionKey] ??= { libraryInlined: false };
  return holder[sessionKey];
}

let librarySource: string | undefined;
let libraryVersion: string | undefined;

/** Absolute path of the minified plotly.js bundle in node_modules (the export copies it once per site). */
export function plotlyLibraryFile(): string {
  return require.resolve("plotly.js-dist-min/plotly.min.js");
}

/** The bundle's text, read once per process. */
export function plotlyLibrarySource(): string {
  librarySource ??= fs.readFileSync(plotlyLibraryFile(), "utf8");
  return librarySource;
}

export function plotlyLibraryVersion(): string {
  libraryVersion ??= (
    JSON.parse(fs.readFileSync(require.resolve("plotly.js-dist-min/package.json"), "utf8")) as { version: string }
  ).version;
  return libraryVersion;
}

/**
 * A <script> that defines window.Plotly unless it already exists (so running it again, e.g. after
 * a cell is re-run or in a page holding two sessions' outputs, does nothing) and then announces it.
 */
export function plotlyLibraryScript(): string {
  // "</script" inside the code would end the element early; "<\/" means the same thing to JavaScript.
  const code = plotlyLibrarySource().replace(/<\/script/gi, "<\\/script");
  return [
    `<script type="text/javascript" data-plotly-library="${plotlyLibraryVersion()}">`,
    "if (!window.Plotly) {",
    code,
    "}",
    `if (window.Plotly) window.dispatchEvent(new Event(${JSON.stringify(plotlyReadyEvent)}));`,
    "</script>",
  ].join("\n");
}

// Matches exactly what plotlyLibraryScript() writes, so saved outputs can be found again.
const inlinedLibraryPattern = /<script type="text\/javascript" data-plotly-library="[^"]*">[\s\S]*?<\/script>/g;

/** True when this (saved) output HTML carries the plotly.js library. */
export function hasInlinedLibrary(html: string): boolean {
  return new RegExp(inlinedLibraryPattern.source).test(html);
}

/**
 * For the HTML export, which stores plotly.min.js once per site: swaps the inlined library for a
 * <script src> (loaded synchronously, so later figures draw at once) plus the ready event for
 * figures that were already waiting.
 */
export function replaceInlinedLibrary(html: string, librarySrc: string): string {
  const reference = [
    `<script type="text/javascript" src="${escapeHtml(librarySrc)}"></script>`,
    `<script type="text/javascript">if (window.Plotly) window.dispatchEvent(new Event(${JSON.stringify(plotlyReadyEvent)}));</script>`,
  ].join("\n");
  return html.replace(inlinedLibraryPattern, () => reference);
}

/**
 * Returns the library script the first time it is asked for in this session, and "" after,
 * so exactly one output of the notebook carries plotly.js.
 */
export function takeLibraryScriptOnce(): string {
  const state = session();
  if (state.libraryInlined) return "";
  state.libraryInlined = true;
  return plotlyLibraryScript();
}

/** Forgets that the library was inlined: the next figure carries it again. For tests and new sessions. */
export function resetPlottingSession(): void {
  session().libraryInlined = false;
}

/**
 * Puts plotly.js into the notebook now, e.g. in a first setup cell, so no figure has to carry it.
 * Always includes the library: the caller asked for it here, and re-running the cell replaces its output.
 */
export function setupPlotting(): Displayable {
  session().libraryInlined = true;
  const version = plotlyLibraryVersion();
  const sizeMb = (Buffer.byteLength(plotlyLibrarySource()) / 1e6).toFixed(1);
  const summary = `plotly.js ${version} loaded (${sizeMb} MB, inlined once for this session)`;
  return {
    [mimeBundleSymbol]: () => ({
      "text/html": `${plotlyLibraryScript()}\n<div class="ts-course-plotting-ready">${escapeHtml(summary)}</div>`,
      "text/plain": summary,
    }),
  };
}
