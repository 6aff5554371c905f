// The subset of plotly's trace and layout schema our figures use. Plotly 3 accepts titles only
// as `{ text }`, so every title is stored in that form.
import { courseLanguage } from "../language";

export type XValue = number | string;

export interface TraceLine {
  color?: string;
  width?: number;
  dash?: "solid" | "dot" | "dash" | "longdash" | "dashdot";
  shape?: "linear" | "spline" | "hv";
}

/** One x/y series. `name` is required: it is the legend entry and the text table's column header. */
export interface Trace {
  /** The trace types of plotly.js's basic bundle that the course draws (see plotly-library.ts). */
  type?: "scatter" | "bar";
  name: string;
  x: XValue[];
  y: number[];
  mode?: "lines" | "markers" | "lines+markers";
  line?: TraceLine;
  marker?: { color?: string; size?: number; symbol?: string };
  error_y?: { type: "data"; array: number[]; visible: boolean };
  legendgroup?: string;
  showlegend?: boolean;
  hovertemplate?: string;
}

export interface Title {
  text: string;
}

export interface Axis {
  title: Title;
  type?: "linear" | "log" | "category";
  rangemode?: "normal" | "tozero";
  /** Tick spacing; for log axes "D1"/"D2" or a power step. */
  dtick?: number | string;
  /** Ticks exactly here (e.g. 1, 2, 4, 8 on a log axis), instead of plotly's choice. */
  tickvals?: number[];
  /** Shown range; on a log axis in powers of ten (plotly's convention), e.g. [0, 2] for 1 … 100. */
  range?: [number, number];
  tickformat?: string;
}

export interface Layout {
  title: Title;
  xaxis: Axis;
  yaxis: Axis;
  showlegend: true;
  legend: { orientation?: "v" | "h"; x?: number; y?: number; xanchor?: string; yanchor?: string };
  height?: number;
  margin?: { t?: number; r?: number; b?: number; l?: number };
  hovermode?: "closest" | "x" | "x unified";
  /** The decimal and thousands separators plotly writes numbers with: ".," in English, ",." in German. */
  separators?: string;
}

/** What `application/vnd.plotly.v1+json` carries. */
export interface PlotlySpec {
  data: Trace[];
  layout: Layout;
}

/** An axis as chart functions describe it: a label and a unit, shown as "Label (unit)". */
export interface AxisLabel {
  label: string;
  unit?: string;
}

export function axisTitle({ label, unit }: AxisLabel): Title {
  return { text: unit ? `${label} (${unit})` : label };
}

/** The unit in an axis title written as "Label (unit)", if any. */
export function unitOf(title: Title): string | undefined {
  return /\(([^()]+)\)\s*$/.exec(title.text)?.[1];
}

/** Layout defaults every figure shares: the legend is always shown, even for one trace. */
export function baseLayout(title: string, xaxis: Axis, yaxis: Axis): Layout {
  return {
    title: { text: title },
    xaxis,
    yaxis,
    showlegend: true,
    legend: { orientation: "v" },
    height: 420,
    margin: { t: 60, r: 20, b: 60, l: 70 },
    hovermode: "closest",
    separators: courseLanguage() === "de" ? ",." : ".,",
  };
}
