// A Figure is plotly traces + layout that renders itself through the kernel's mime-bundle protocol.
import { localized, type CourseText } from "../language";
import { describeValue, plotInputError, requireFiniteNumber } from "./errors";
import { newFigureId, renderFigureHtml } from "./figure-html";
import { mimeBundleSymbol, type Displayable, type MimeBundle } from "./mime";
import { baseLayout, type Axis, type Layout, type PlotlySpec, type Title, type Trace } from "./spec";
import { figureAsText } from "./text-summary";

export const plotlyMimeType = "application/vnd.plotly.v1+json";

/**
 * A chart: plotly traces and a layout. A cell that ends with one (or `display(figure)`) shows an
 * interactive plot, with the data as a text table where no script runs. Made by `figure()` and the
 * plot functions, not constructed directly.
 *
 * Python: `plotly.graph_objects.Figure`.
 *
 * @example
 * const chart: Figure = plotThroughputVsWorkers(records);
 * console.log(chart.toText()); // the title, then one row per worker count
 * display(chart);
 */
export class Figure implements Displayable {
  readonly data: Trace[];
  readonly layout: Layout;
  /** A data: URL shown in the HTML until plotly draws, and where scripts never run. */
  readonly staticImage: string | undefined;

  constructor(spec: PlotlySpec, staticImage?: string) {
    this.data = spec.data;
    this.layout = spec.layout;
    this.staticImage = staticImage;
  }

  /** The same figure with a pre-rendered image (made at export time) as its placeholder. */
  withStaticImage(dataUrl: string): Figure {
    if (!dataUrl.startsWith("data:image/")) {
      throw plotInputError("Figure.withStaticImage", `got ${describeValue(dataUrl.slice(0, 30))}`, 'Pass a "data:image/png;base64,..." URL');
    }
    return new Figure(this.toJSON(), dataUrl);
  }

  /** The plotly JSON, as JupyterLab's plotly renderer and Plotly.newPlot take it. */
  toJSON(): PlotlySpec {
    return { data: this.data, layout: this.layout };
  }

  /** The title and a text table: one row per x value, one column per trace, units in the headers. */
  toText(): string {
    return figureAsText(this.toJSON());
  }

  /** plotly's JSON, HTML that draws it once the page has plotly.js (never the library itself), and text. */
  [mimeBundleSymbol](): MimeBundle {
    const spec = this.toJSON();
    const text = this.toText();
    const html = renderFigureHtml(spec, newFigureId(), { staticImage: this.staticImage, fallbackText: text });
    return { [plotlyMimeType]: spec, "text/html": html, "text/plain": text };
  }
}

/** A title as callers may write it: text in one or both course languages, or plotly's `{ text }`. */
export type TitleInput = CourseText | Title;

/**
 * A trace as `figure()` takes it: a Trace whose legend name may be written in both course languages.
 *
 * @example
 * const measured: TraceInput = { name: { en: "measured", de: "gemessen" }, x: [1, 2], y: [10, 19] };
 */
export interface TraceInput extends Omit<Trace, "name"> {
  name: CourseText;
}

/** An axis of the generic `figure()`: a title (with its unit, e.g. "Round trip (ms)") and plotly's axis settings. */
export interface AxisInput extends Omit<Axis, "title"> {
  title: TitleInput;
}

/** Layout for the generic `figure()`: a title and both axis titles (with units) are required. */
export interface LayoutInput extends Partial<Omit<Layout, "title" | "xaxis" | "yaxis" | "showlegend">> {
  title: TitleInput;
  xaxis: AxisInput;
  yaxis: AxisInput;
}

function requireTitle(caller: string, where: string, title: TitleInput | undefined): Title {
  const text =
    typeof title === "string"
      ? title
      : title !== null && typeof title === "object" && "text" in title
        ? title.text
        : title === undefined || title === null
          ? undefined
          : localized(title);
  if (typeof text !== "string" || text.trim() === "") {
    throw plotInputError(caller, `${where} is missing`, `Set ${where} (e.g. "Throughput (tasks/s)"); every figure names what it shows and its units`);
  }
  return { text };
}

/** Checks one trace: a legend name, and x and y of the same non-zero length with finite y. */
export function checkTrace(caller: string, trace: Trace, index: number): Trace {
  const named = typeof trace?.name === "string" && trace.name.trim() !== "";
  const where = named ? `trace ${index} ("${trace.name}")` : `trace ${index}`;
  if (!named) {
    throw plotInputError(caller, `${where} has no name`, "Give every trace a name; it is the legend entry and the table column");
  }
  if (!Array.isArray(trace.x) || !Array.isArray(trace.y)) {
    throw plotInputError(caller, `${where} needs x and y arrays`, "Pass x and y as arrays of the same length");
  }
  if (trace.x.length !== trace.y.length) {
    throw plotInputError(caller, `${where} has ${trace.x.length} x values but ${trace.y.length} y values`, "Pass x and y of the same length");
  }
  if (trace.x.length === 0) {
    throw plotInputError(caller, `${where} has no points`, "Pass at least one (x, y) pair");
  }
  trace.y.forEach((y, point) => requireFiniteNumber(caller, `${where} y[${point}]`, y));
  if (trace.error_y && trace.error_y.array.length !== trace.y.length) {
    throw plotInputError(caller, `${where} has ${trace.error_y.array.length} error bars for ${trace.y.length} points`, "Pass one error bar per point");
  }
  return trace;
}

/** Builds a Figure from traces the chart functions (or a caller) made, checking them first. */
export function figureFromParts(caller: string, traces: Trace[], layout: Layout): Figure {
  if (!Array.isArray(traces) || traces.length === 0) {
    throw plotInputError(caller, "there are no traces to draw", "Pass at least one trace (or record)");
  }
  return new Figure({ data: traces.map((trace, index) => checkTrace(caller, trace, index)), layout });
}

/**
 * The generic chart: any x/y traces with a layout. Unlike the chart functions, which fill in their
 * own titles, this one cannot guess what the axes measure, so it requires the titles. Throws
 * PlotInputError for a missing title, no traces, a trace without a name, x and y of different
 * lengths, or a y that is not a finite number.
 *
 * Python: `plotly.graph_objects.Figure(data=[go.Scatter(…)], layout=…)`.
 *
 * @example
 * figure(
 *   [{ type: "bar", name: "median round trip", x: ["threads", "processes"], y: [0.1, 0.4] }],
 *   { title: "One task there and back", xaxis: { title: "Runner" }, yaxis: { title: "Round trip (ms)" } },
 * );
 */
export function figure(traces: TraceInput[], layout: LayoutInput): Figure {
  const caller = "figure";
  if (layout === undefined || layout === null) {
    throw plotInputError(caller, "layout is missing", "Pass a layout with title, xaxis.title and yaxis.title");
  }
  const { title, xaxis, yaxis, ...rest } = layout;
  const axis = (input: AxisInput | undefined, name: string): Axis => ({
    ...input,
    title: requireTitle(caller, `layout.${name}.title`, input?.title),
  });
  const base = baseLayout(requireTitle(caller, "layout.title", title).text, axis(xaxis, "xaxis"), axis(yaxis, "yaxis"));
  const named = Array.isArray(traces)
    ? traces.map((trace): Trace => ({ ...trace, name: trace?.name !== null && typeof trace?.name === "object" ? localized(trace.name) : trace?.name }))
    : traces;
  return figureFromParts(caller, named, { ...base, ...rest, showlegend: true });
}
