// Public API of the plotting module: chart functions, the generic figure, tables and plotly.js setup.
export { Figure, figure, plotlyMimeType } from "./figure";
export type { AxisInput, LayoutInput, TitleInput, TraceInput } from "./figure";
export { plotThroughputVsWorkers, plotSpeedupVsWorkers } from "./scaling-charts";
export type { ScalingChartOptions } from "./scaling-charts";
export { plotCostVsPayload } from "./payload-charts";
export type { CostChartOptions } from "./payload-charts";
export { plotLatencyOverTime } from "./latency-charts";
export type { LatencyChartOptions } from "./latency-charts";
export { table, Table, tableMimeType } from "./table";
export { formatSerialFraction } from "./format";
export type { TableColumn, TableColumnInput } from "./table";
export { setupPlotting } from "./plotly-library";
// For setup (plotly.js in the Jupyter data folder) and the HTML export (one plotly.min.js per site,
// and pre-rendered images in saved outputs).
export { jupyterAssetFolder, plotlyAssetName, plotlyLibraryFile, plotlyLibraryScript, plotlyLibraryVersion } from "./plotly-library";
export { replacePlaceholderWithImage } from "./figure-html";
export { PlotInputError } from "./errors";
// Input shapes, named apart from lib/measure's records (which fit them) so lib/index.ts can export both.
export type { AmdahlCurve, CeilingPoint, CostPoint, LatencySample, ThroughputPoint } from "./records";
export type { Axis, Layout, PlotlySpec, Title, Trace, XValue } from "./spec";
export type { Displayable, MimeBundle } from "./mime";
