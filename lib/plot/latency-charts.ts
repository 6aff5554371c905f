// Timer lateness (event-loop lag) over time: one line per series, so a blocked loop shows as a spike.
import { chartTitle, colorFor, groupBy, requireLabel, requireRecords, sortedUniqueBy } from "./chart-parts";
import { requireFiniteNumber } from "./errors";
import { figureFromParts, type Figure } from "./figure";
import type { LatencySample } from "./records";
import { axisTitle, baseLayout, type Trace } from "./spec";

export interface LatencyChartOptions {
  title?: string;
}

/** The line name for samples that do not say which series they belong to. */
export const defaultLatencySeries = "event-loop lag";

export function plotLatencyOverTime(samples: readonly LatencySample[], options: LatencyChartOptions = {}): Figure {
  const caller = "plotLatencyOverTime";
  const checked = requireRecords(caller, samples, "samples").map((sample, index) => {
    requireFiniteNumber(caller, `samples[${index}].timeMs`, sample?.timeMs);
    requireFiniteNumber(caller, `samples[${index}].lagMs`, sample.lagMs, { nonNegative: true });
    if (sample.series !== undefined) requireLabel(caller, `samples[${index}].series`, sample.series);
    return sample;
  });
  const series = groupBy(checked, (sample) => sample.series ?? defaultLatencySeries);
  const traces: Trace[] = [...series].map(([name, group], index) => {
    const points = sortedUniqueBy(caller, `series "${name}"`, group, (sample) => sample.timeMs, "timeMs");
    return {
      type: "scatter",
      mode: "lines",
      name,
      x: points.map((point) => point.timeMs),
      y: points.map((point) => point.lagMs),
      line: { color: colorFor(index) },
    };
  });
  const layout = baseLayout(
    chartTitle(caller, options.title, "Event-loop lag over time"),
    { title: axisTitle({ label: "Time since start", unit: "ms" }) },
    { title: axisTitle({ label: "Event-loop lag", unit: "ms" }), rangemode: "tozero" },
  );
  return figureFromParts(caller, traces, layout);
}
