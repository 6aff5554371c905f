// The text/plain form of a figure: one row per x value, one column per trace, units in the headers.
import { formatCell, formatNumber, renderTextTable } from "./format";
import { unitOf, type PlotlySpec, type Trace, type XValue } from "./spec";

/**
 * Rows are the x values of traces with markers (measurements); lines-only traces (models such as
 * a smooth Amdahl curve) are shown at those x values only, so a dense curve does not flood the table.
 * When every trace is lines-only (a time series), all x values are rows.
 */
function rowKeys(traces: Trace[]): XValue[] {
  const measured = traces.filter((trace) => trace.mode !== "lines");
  const seen = new Map<string, XValue>();
  for (const trace of measured.length > 0 ? measured : traces) for (const x of trace.x) seen.set(String(x), x);
  const keys = [...seen.values()];
  // Numeric x (workers, bytes, ms) reads best ascending; categories keep the order they were given.
  return keys.every((x) => typeof x === "number") ? keys.sort((a, b) => a - b) : keys;
}

function cellOf(trace: Trace, x: XValue): string {
  const index = trace.x.findIndex((candidate) => String(candidate) === String(x));
  if (index < 0) return "";
  const spread = trace.error_y?.array[index];
  const value = formatNumber(trace.y[index]);
  return spread ? `${value} ± ${formatNumber(spread)}` : value;
}

export function figureAsText({ data, layout }: PlotlySpec): string {
  const xUnit = unitOf(layout.xaxis.title);
  const yUnit = unitOf(layout.yaxis.title);
  // Axis label without its unit; the unit goes on the second header line with the others.
  const xLabel = layout.xaxis.title.text.replace(/\s*\([^()]+\)\s*$/, "");
  const headers = [xLabel, ...data.map((trace) => trace.name)];
  const units = xUnit || yUnit ? [xUnit ? `(${xUnit})` : "", ...data.map(() => (yUnit ? `(${yUnit})` : ""))] : undefined;
  const rows = rowKeys(data).map((x) => [formatCell(x), ...data.map((trace) => cellOf(trace, x))]);
  const table = renderTextTable({ headers, units, rows, align: headers.map(() => "right") });
  return `${layout.title.text}\n${table}`;
}
