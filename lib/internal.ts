// What the project's scripts (setup, the HTML export, the benchmarks, the notebook runner) need from
// lib beyond the learners' API (./index): plotly.js as a file, the mime types saved outputs carry,
// and small helpers. Notebooks import ./index only.
export { classicNotebookExtension, jupyterAssetFolder, plotlyAssetName, plotlyLibraryFile, plotlyLibraryScript } from "./plot/plotly-library";
export { replacePlaceholderWithImage } from "./plot/figure-html";
export { plotlyMimeType } from "./plot/figure";
export type { PlotlySpec } from "./plot/spec";
export { escapeHtml } from "./plot/format";
export { median } from "./measure/stats";
export { withTimeout } from "./runners/with-timeout";
