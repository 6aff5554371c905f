// The text/html form of a figure: a div with a placeholder (a static image when the export made one,
// otherwise the data as text) and a script that draws the plot once window.Plotly exists.
// Where scripts do not run (untrusted notebooks) the placeholder stays, so the output is never blank.
import { randomUUID } from "node:crypto";
import { escapeHtml } from "./format";
import { missingNoteScript, pageLoaderScript, plotlyFailedEvent, plotlyReadyEvent } from "./plotly-library";
import type { PlotlySpec } from "./spec";

const figureClass = "ts-course-figure";
const placeholderClass = "ts-course-figure-placeholder";
const missingClass = "ts-course-figure-missing-library";

export interface FigureHtmlOptions {
  /** A data: URL (PNG or SVG) shown until the plot is drawn. */
  staticImage?: string;
  /** Shown until the plot is drawn when there is no static image. */
  fallbackText: string;
}

/** A fresh div id per rendering: the same figure shown twice, or outputs of two sessions in one page, never clash. */
export function newFigureId(): string {
  return `ts-course-figure-${randomUUID()}`;
}

// JSON is valid JavaScript; escaping "<" keeps "</script>" or "<!--" in a title from ending the script.
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function imagePlaceholder(imageDataUrl: string, alt: string): string {
  return `<img class="${placeholderClass}" src="${escapeHtml(imageDataUrl)}" alt="${escapeHtml(alt)}" style="max-width:100%">`;
}

function placeholderHtml(options: FigureHtmlOptions, title: string): string {
  if (options.staticImage !== undefined) return imagePlaceholder(options.staticImage, title);
  return `<pre class="${placeholderClass}">${escapeHtml(options.fallbackText)}</pre>`;
}

const textPlaceholderPattern = new RegExp(`<pre class="${placeholderClass}">[\\s\\S]*?</pre>`);

/**
 * For the HTML export, which renders figures to images after the kernel ran: puts the image
 * (a data: URL) where a saved output's text placeholder was. The draw script still replaces it.
 */
export function replacePlaceholderWithImage(html: string, imageDataUrl: string, alt: string): string {
  return html.replace(textPlaceholderPattern, () => imagePlaceholder(imageDataUrl, alt));
}

/**
 * The draw script finds its div, then draws at once if plotly.js is there, or when the library's
 * ready event fires: the page loads the library once, for whichever figure asks first (see
 * plotly-library.ts). If the page cannot load it, the placeholder stays and says why.
 */
function drawScript(id: string, spec: PlotlySpec): string {
  return `<script type="text/javascript">
(function () {
  var id = ${JSON.stringify(id)};
  var spec = ${scriptSafeJson(spec)};
  function draw() {
    var div = document.getElementById(id);
    if (!div || !window.Plotly || div.getAttribute("data-drawn")) return;
    div.setAttribute("data-drawn", "true");
    var placeholder = div.querySelector(".${placeholderClass}");
    if (placeholder) placeholder.parentNode.removeChild(placeholder);
    window.Plotly.newPlot(div, spec.data, spec.layout, { responsive: true, displaylogo: false });
  }
  function missing(url) {
    var div = document.getElementById(id);
    if (!div || div.getAttribute("data-drawn") || div.querySelector(".${missingClass}")) return;
    var note = document.createElement("p");
    note.className = "${missingClass}";
    note.textContent = ${missingNoteScript("url")};
    div.insertBefore(note, div.firstChild);
  }
  if (window.Plotly) return draw();
  window.addEventListener(${JSON.stringify(plotlyReadyEvent)}, draw);
  window.addEventListener(${JSON.stringify(plotlyFailedEvent)}, function (event) { missing(event.detail); });
  if (window.tsCoursePlotlyFailed) return missing(window.tsCoursePlotlyFailed);
  ${pageLoaderScript().replace(/\n/g, "\n  ")}
})();
</script>`;
}

export function renderFigureHtml(spec: PlotlySpec, id: string, options: FigureHtmlOptions): string {
  return [
    `<div id="${id}" class="${figureClass}" style="width:100%;min-height:${spec.layout.height ?? 420}px">${placeholderHtml(options, spec.layout.title.text)}</div>`,
    drawScript(id, spec),
  ].join("\n");
}
