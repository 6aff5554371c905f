import type * as nbformat from "@jupyterlab/nbformat";
import { afterAll, beforeAll, expect, test } from "vitest";
import { plotThroughputVsWorkers, table, type Displayable } from "../../lib/plot";
import { mimeBundleSymbol } from "../../lib/plot/mime";
import { addStaticImages, startFigureRenderer, type FigureRenderer } from "../../scripts/export/static-images";

let renderer: FigureRenderer;

function displayOutput(value: Displayable): nbformat.IDisplayData {
  return { output_type: "display_data", data: value[mimeBundleSymbol]() as nbformat.IMimeBundle, metadata: {} };
}

function notebookWith(outputs: nbformat.IOutput[]): nbformat.INotebookContent {
  const cell: nbformat.ICodeCell = { cell_type: "code", source: "", metadata: {}, execution_count: 1, outputs };
  return { cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

beforeAll(async () => {
  const started = await startFigureRenderer();
  if (!started) throw new Error("The export test needs Chromium at /usr/bin/chromium (npm test's setup installs it).");
  renderer = started;
});

afterAll(() => renderer?.close());

test("every figure output gets a PNG of itself as its placeholder; other outputs stay as they are", async () => {
  const figure = displayOutput(
    plotThroughputVsWorkers([
      { kind: "threads", workers: 1, tasksPerSecond: 100 },
      { kind: "threads", workers: 2, tasksPerSecond: 190 },
    ]),
  );
  const shownTable = displayOutput(table([{ workers: 1, speedup: 1 }]));
  const tableHtml = shownTable.data["text/html"];
  const notebook = notebookWith([figure, shownTable]);

  expect(await addStaticImages(notebook, renderer)).toBe(1);
  const html = figure.data["text/html"] as string;
  const image = /<img class="ts-course-figure-placeholder" src="data:image\/png;base64,([^"]+)"/.exec(html);
  expect(image, "the figure's placeholder is an image").not.toBeNull();
  const png = Buffer.from(image?.[1] ?? "", "base64");
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(png.readUInt32BE(16)).toBe(900); // width from the PNG header
  expect(html).not.toContain('<pre class="ts-course-figure-placeholder"');
  expect(shownTable.data["text/html"]).toBe(tableHtml);
});
