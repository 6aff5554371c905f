// Serialization cost against payload size, one line per channel (and shape), on log-log axes:
// sizes span bytes to megabytes, and a straight slope-1 line there means "cost grows with size".
import { chartTitle, colorFor, groupBy, requireLabel, requireRecords, sortedUniqueBy } from "./chart-parts";
import { requireFiniteNumber } from "./errors";
import { figureFromParts, type Figure } from "./figure";
import type { CostPoint } from "./records";
import { axisTitle, baseLayout, type Trace } from "./spec";
import { plotWords } from "./words";
import type { CourseText } from "../language";

/** Options of plotCostVsPayload. */
export interface CostChartOptions {
  /** Replaces the chart's own title. */
  title?: CourseText;
}

/**
 * Serialization round trip (ms) against payload size (bytes) on log-log axes, one line per channel
 * (and per shape, when the records have several): sizes span bytes to megabytes, and a slope of 1
 * means the cost grows with the size. Takes measureSerializationCost's records as they are.
 * Throws PlotInputError for records it cannot draw (sizes and times must be above 0).
 *
 * @example
 * plotCostVsPayload(await measureSerializationCost({ sizes: [1_000, 10_000, 100_000] }));
 */
export function plotCostVsPayload(records: readonly CostPoint[], options: CostChartOptions = {}): Figure {
  const caller = "plotCostVsPayload";
  const checked = requireRecords(caller, records, "records").map((record, index) => {
    requireLabel(caller, `records[${index}].channel`, record?.channel);
    if (record.shape !== undefined) requireLabel(caller, `records[${index}].shape`, record.shape);
    // Log axes cannot show 0 or negative values.
    requireFiniteNumber(caller, `records[${index}].bytes`, record.bytes, { positive: true });
    requireFiniteNumber(caller, `records[${index}].roundTripMs`, record.roundTripMs, { positive: true });
    return record;
  });
  // Shapes only split lines when there is more than one; otherwise the name stays the channel.
  const words = plotWords();
  const severalShapes = new Set(checked.map((record) => record.shape)).size > 1;
  const lineName = (record: CostPoint) => (severalShapes ? `${record.channel} · ${record.shape ?? words.unknownShape}` : record.channel);
  const traces: Trace[] = [...groupBy(checked, lineName)].map(([name, group], index) => {
    const points = sortedUniqueBy(caller, `line "${name}"`, group, (record) => record.bytes, "bytes");
    return {
      type: "scatter",
      mode: "lines+markers",
      name,
      x: points.map((point) => point.bytes),
      y: points.map((point) => point.roundTripMs),
      line: { color: colorFor(index) },
    };
  });
  const layout = baseLayout(
    chartTitle(caller, options.title, words.costTitle),
    { title: axisTitle({ label: words.payloadSize, unit: words.bytes }), type: "log" },
    { title: axisTitle({ label: words.roundTrip, unit: "ms" }), type: "log" },
  );
  return figureFromParts(caller, traces, layout);
}
