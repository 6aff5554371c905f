import { plotlyLibrarySource, plotlyReadyEvent } from "../../lib/plot/plotly-library";

export const sharedPlotlyFile = "plotly.min.js";

// The one output per notebook that carries plotly.js marks its <script> with data-plotly-library.
// Its code escapes "</script" as "<\/script", so the first "</script>" after it ends it.
const inlineLibrary = /<script type="text\/javascript" data-plotly-library="([^"]*)">[\s\S]*?<\/script>/g;

/**
 * Points a page's inlined plotly.js at one shared file instead, so a site of many notebooks stores
 * the 4–5 MB library once. Figures wait for the same ready event either way.
 */
export function referenceSharedPlotly(html: string): { html: string; references: number } {
  let references = 0;
  const rewritten = html.replace(inlineLibrary, (_, version: string) => {
    references += 1;
    return [
      `<script type="text/javascript" src="${sharedPlotlyFile}" data-plotly-library="${version}"></script>`,
      `<script type="text/javascript">if (window.Plotly) window.dispatchEvent(new Event(${JSON.stringify(plotlyReadyEvent)}));</script>`,
    ].join("\n");
  });
  return { html: rewritten, references };
}

export function sharedPlotlySource(): string {
  return plotlyLibrarySource();
}
