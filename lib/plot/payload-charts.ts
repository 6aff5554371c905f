// Serialization cost against payload size, one line per channel, on log-log axes:
// sizes span bytes to megabytes, and a straight slope-1 line there means "cost grows with size".
import { chartTitle, colorFor, groupBy, requireLabel, requireRecords, sortedUniqueBy } from "./chart-parts";
import { requireFiniteNumber } from "./errors";
import { figureFromParts, type Figure } from "./figure";
import type { SerializationCostRecord } from "./records";
import { axisTitle, baseLayout, type Trace } from "./spec";

export interface CostChartOptions {
  title?: string;
}

export function plotCostVsPayload(records: readonly SerializationCostRecord[], options: CostChartOptions = {}): Figure {
  const caller = "plotCostVsPayload";
  const checked = requireRecords(caller, records, "records").map((record, index) => {
    requireLabel(caller, `records[${index}].channel`, record?.channel);
    // Log axes cannot show 0 or negative values.
    requireFiniteNumber(caller, `records[${index}].payloadBytes`, record.payloadBytes, { positive: true });
    requireFiniteNumber(caller, `records[${index}].microseconds`, record.microseconds, { positive: true });
    return record;
  });
  const traces: Trace[] = [...groupBy(checked, (record) => record.channel)].map(([channel, group], index) => {
    const points = sortedUniqueBy(caller, `channel "${channel}"`, group, (record) => record.payloadBytes, "payloadBytes");
    return {
      type: "scatter",
      mode: "lines+markers",
      name: channel,
      x: points.map((point) => point.payloadBytes),
      y: points.map((point) => point.microseconds),
      line: { color: colorFor(index) },
    };
  });
  const layout = baseLayout(
    chartTitle(caller, options.title, "Serialization cost vs payload size"),
    { title: axisTitle({ label: "Payload size", unit: "bytes" }), type: "log" },
    { title: axisTitle({ label: "Cost per message", unit: "µs" }), type: "log" },
  );
  return figureFromParts(caller, traces, layout);
}
