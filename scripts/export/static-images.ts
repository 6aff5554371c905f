// Pictures of the figures, made at export time: each figure's HTML output gets a PNG of itself as
// its placeholder, so an executed notebook opened where scripts do not run (an untrusted notebook in
// JupyterLab or Notebook 6) still shows the plot, not just its numbers.
import type * as nbformat from "@jupyterlab/nbformat";
import type { Browser, Page } from "playwright-core";
import { plotlyLibraryFile, plotlyMimeType, replacePlaceholderWithImage, type PlotlySpec } from "../../lib/internal";
import { joinedText } from "../jupyter/cell-text";
import { chromiumInstalled, launchChromium } from "./chromium";

const imageWidth = 900;

interface BrowserPage {
  document: { getElementById(id: string): unknown };
  Plotly: {
    newPlot(div: unknown, data: unknown, layout: unknown, config: unknown): Promise<unknown>;
    toImage(div: unknown, options: { format: "png"; width: number; height: number }): Promise<string>;
  };
}

export interface FigureRenderer {
  /** A PNG data URL of the figure. */
  render(spec: PlotlySpec): Promise<string>;
  close(): Promise<void>;
}

/** A renderer on Debian's Chromium, or undefined (and the figures keep their text placeholders) without it. */
export async function startFigureRenderer(): Promise<FigureRenderer | undefined> {
  if (!chromiumInstalled()) return undefined;
  const browser: Browser = await launchChromium();
  const page: Page = await browser.newPage();
  await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
  await page.setContent('<!DOCTYPE html><html><body><div id="figure"></div></body></html>');
  await page.addScriptTag({ path: plotlyLibraryFile() });
  return {
    render: (spec) =>
      page.evaluate(
        async ({ spec, width }) => {
          // Runs in the page; the project compiles without the DOM's types, so the page is described here.
          const page = globalThis as unknown as BrowserPage;
          const div = page.document.getElementById("figure");
          const height = spec.layout.height ?? 420;
          await page.Plotly.newPlot(div, spec.data, { ...spec.layout, width, height }, { staticPlot: true });
          return page.Plotly.toImage(div, { format: "png", width, height });
        },
        { spec, width: imageWidth },
      ),
    close: () => browser.close(),
  };
}

/** Gives every figure output of the notebook its picture; returns how many it changed. */
export async function addStaticImages(notebook: nbformat.INotebookContent, renderer: FigureRenderer): Promise<number> {
  let changed = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of (cell as nbformat.ICodeCell).outputs) {
      const data = (output as nbformat.IDisplayData).data;
      const spec = data?.[plotlyMimeType] as unknown as PlotlySpec | undefined;
      const html = data?.["text/html"];
      if (spec === undefined || (typeof html !== "string" && !Array.isArray(html))) continue;
      const image = await renderer.render(spec);
      const title = spec.layout.title?.text ?? "figure";
      data["text/html"] = replacePlaceholderWithImage(joinedText(html), image, title);
      changed += 1;
    }
  }
  return changed;
}
