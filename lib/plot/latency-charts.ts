// Timer lateness (event-loop lag) over time: one line per series, so a blocked loop shows as a spike.
import { chartTitle, colorFor, groupBy, requireLabel, requireRecords, sortedUniqueBy } from "./chart-parts";
import { requireFiniteNumber } from "./errors";
import { figureFromParts, type Figure } from "./figure";
import type { LatencySample } from "./records";
import { axisTitle, baseLayout, type Trace } from "./spec";
import { plotWords } from "./words";
import type { CourseText } from "../language";

/** Options of plotLatencyOverTime. */
export interface LatencyChartOptions {
  /** Replaces the chart's own title. */
  title?: CourseText;
}

/**
 * Timer lateness (event-loop lag, ms) over time, one line per series, so a blocked event loop shows
 * as a spike where it happened. Takes recordTimerLateness's samples as they are; samples without a
 * series share one line. Throws PlotInputError for samples it cannot draw.
 *
 * @example
 * const idle = await recordTimerLateness(() => new Promise((resolve) => setTimeout(resolve, 200)), { series: "idle" });
 * const busy = await recordTimerLateness(() => countPrimes(2_000_000), { series: "busy" });
 * plotLatencyOverTime([...idle.samples, ...busy.samples]);
 */
export function plotLatencyOverTime(samples: readonly LatencySample[], options: LatencyChartOptions = {}): Figure {
  const caller = "plotLatencyOverTime";
  const checked = requireRecords(caller, samples, "samples").map((sample, index) => {
    requireFiniteNumber(caller, `samples[${index}].timeMs`, sample?.timeMs);
    requireFiniteNumber(caller, `samples[${index}].lagMs`, sample.lagMs, { nonNegative: true });
    if (sample.series !== undefined) requireLabel(caller, `samples[${index}].series`, sample.series);
    return sample;
  });
  const words = plotWords();
  // Samples that do not say which series they belong to make one line.
  const series = groupBy(checked, (sample) => sample.series ?? words.eventLoopLag);
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
    chartTitle(caller, options.title, words.latencyTitle),
    { title: axisTitle({ label: words.timeSinceStart, unit: "ms" }) },
    { title: axisTitle({ label: words.lag, unit: "ms" }), rangemode: "tozero" },
  );
  return figureFromParts(caller, traces, layout);
}
