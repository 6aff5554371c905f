import { describe, expect, test } from "vitest";
import {
  PlotInputError,
  plotCostVsPayload,
  plotLatencyOverTime,
  plotSpeedupVsWorkers,
  plotThroughputVsWorkers,
  plotlyMimeType,
  type Figure,
  type ThroughputPoint,
} from "../../../lib/plot";
import { amdahlSpeedup } from "../../../lib/measure/amdahl";
import { bundleOf, textOf } from "../../support/mime-bundles";

// spread is relative, as lib/measure reports it: the error bar is ± tasksPerSecond × spread / 2.
const throughput: ThroughputPoint[] = [
  { kind: "threads", workers: 2, tasksPerSecond: 1800, spread: 0.05 },
  { kind: "threads", workers: 1, tasksPerSecond: 1000, spread: 0.04 },
  { kind: "threads", workers: 4, tasksPerSecond: 2000, spread: 0.06 },
  { kind: "processes", workers: 1, tasksPerSecond: 800 },
  { kind: "processes", workers: 2, tasksPerSecond: 1500 },
  { kind: "processes", workers: 4, tasksPerSecond: 1900 },
];
const ceiling = [
  { processes: 4, speedup: 2.1 },
  { processes: 1, speedup: 1 },
  { processes: 2, speedup: 1.9 },
];

const traceNamed = (chart: Figure, name: string) => {
  const trace = chart.data.find((candidate) => candidate.name === name);
  if (!trace) throw new Error(`no trace "${name}" among ${chart.data.map((t) => t.name).join(", ")}`);
  return trace;
};

function expectLabelledAndBundled(chart: Figure) {
  expect(chart.layout.title.text).not.toBe("");
  expect(chart.layout.xaxis.title.text).not.toBe("");
  expect(chart.layout.yaxis.title.text).toMatch(/\(.+\)$/);
  expect(chart.layout.showlegend).toBe(true);
  expect(chart.data.every((trace) => trace.name.length > 0)).toBe(true);
  expect(Object.keys(bundleOf(chart)).sort()).toEqual([plotlyMimeType, "text/html", "text/plain"].sort());
}

describe("plotThroughputVsWorkers", () => {
  test("one measured line per kind, sorted by workers, with the relative spread as error bars", () => {
    const chart = plotThroughputVsWorkers(throughput);
    expectLabelledAndBundled(chart);
    expect(chart.layout.title.text).toBe("Throughput vs workers");
    expect(chart.layout.xaxis.title.text).toBe("Workers");
    expect(chart.layout.yaxis.title.text).toBe("Throughput (tasks/s)");
    const threads = traceNamed(chart, "threads");
    expect(threads.x).toEqual([1, 2, 4]);
    expect(threads.y).toEqual([1000, 1800, 2000]);
    expect(threads.error_y).toEqual({ type: "data", array: [20, 45, 60], visible: true });
    expect(traceNamed(chart, "processes").error_y).toBeUndefined();
  });

  test("perfect scaling is N times that kind's 1-worker throughput, dashed in the kind's colour", () => {
    const chart = plotThroughputVsWorkers(throughput);
    const perfect = traceNamed(chart, "processes: perfect scaling");
    expect(perfect.x).toEqual([1, 2, 4]);
    expect(perfect.y).toEqual([800, 1600, 3200]);
    expect(perfect.line).toEqual({ color: traceNamed(chart, "processes").line?.color, dash: "dash" });
    expect(plotThroughputVsWorkers(throughput, { perfectScaling: false }).data.map((t) => t.name)).toEqual(["threads", "processes"]);
  });

  test("the ceiling is the probe's speed-up times the fastest kind's 1-worker throughput", () => {
    const chart = plotThroughputVsWorkers(throughput, { ceiling });
    const probe = traceNamed(chart, "machine ceiling (probe)");
    expect(probe.x).toEqual([1, 2, 4]);
    expect(probe.y).toEqual([1000, 1900, 2100]);
    expect(probe.line?.dash).toBe("dot");
  });

  test("the Amdahl fit is a smooth curve from 1 to the most workers, scaled by its kind's 1-worker throughput", () => {
    const chart = plotThroughputVsWorkers(throughput, { amdahl: { serialFraction: 0.2, kind: "processes" } });
    const fit = traceNamed(chart, "processes: Amdahl fit (serial 20.0 %)");
    expect(fit.x.length).toBeGreaterThan(30);
    expect(fit.x[0]).toBe(1);
    expect(fit.x.at(-1)).toBe(4);
    expect(fit.x).toEqual(expect.arrayContaining([2, 3]));
    fit.x.forEach((workers, index) => expect(fit.y[index]).toBeCloseTo(800 / (0.2 + 0.8 / Number(workers)), 9));
    expect(fit.line?.color).toBe(traceNamed(chart, "processes").line?.color);
    // Without a kind (fitAmdahl's result as it is) the base is the fastest kind, like the ceiling.
    const plain = traceNamed(plotThroughputVsWorkers(throughput, { amdahl: { serialFraction: 0.05 } }), "Amdahl fit (serial 5.0 %)");
    expect(plain.y[0]).toBeCloseTo(1000, 9);
    expect(plain.y.at(-1)).toBeCloseTo(1000 * amdahlSpeedup(0.05, 4), 9);
  });

  test("an Amdahl fit with tasks is drawn at whole worker counts with the tail of the last round, and says so", () => {
    const chart = plotSpeedupVsWorkers(throughput, { amdahl: { serialFraction: 0.1, kind: "threads", tasks: 3 } });
    const fit = traceNamed(chart, "threads: Amdahl fit (serial 10.0 %, 3 tasks)");
    expect(fit.x).toEqual([1, 2, 3, 4]);
    expect(fit.y.map((speedup) => Number(speedup.toFixed(6)))).toEqual([1, 3 / 2.1, 3 / 1.2, 3 / 1.2].map((speedup) => Number(speedup.toFixed(6))));
  });

  test("a fit clamped at its bound says so in the legend instead of showing 100.0 %", () => {
    const chart = plotSpeedupVsWorkers(throughput, { amdahl: { serialFraction: 1, atBound: "upper" } });
    traceNamed(chart, "Amdahl fit (serial 100 % — the fit's upper bound: no speed-up measured)");
  });

  test("text/plain lists each worker count with every line's value and the units", () => {
    const single = throughput.filter((record) => record.kind === "threads");
    expect(textOf(plotThroughputVsWorkers(single, { title: "Threads" }))).toBe(
      [
        "Threads",
        "Workers     threads  threads: perfect scaling",
        "          (tasks/s)                 (tasks/s)",
        "-------  ----------  ------------------------",
        "      1  1,000 ± 20                     1,000",
        "      2  1,800 ± 45                     2,000",
        "      4  2,000 ± 60                     4,000",
      ].join("\n"),
    );
  });

  test("clear errors for input it cannot draw", () => {
    expect(() => plotThroughputVsWorkers([])).toThrow(PlotInputError);
    expect(() => plotThroughputVsWorkers([])).toThrow("plotThroughputVsWorkers: records is empty, so there is nothing to plot");
    expect(() => plotThroughputVsWorkers([{ kind: "threads", workers: 2, tasksPerSecond: 5 }])).toThrow(
      /kind "threads" has no positive 1-worker measurement \(workers measured: 2\)\. Include workers = 1/,
    );
    expect(() => plotThroughputVsWorkers([...throughput, { kind: "threads", workers: 2, tasksPerSecond: 1 }])).toThrow(
      /kind "threads" has two records with workers = 2\. Pass one record per point/,
    );
    expect(() => plotThroughputVsWorkers([{ kind: "threads", workers: 1.5, tasksPerSecond: 5 }])).toThrow(/records\[0\]\.workers is 1\.5/);
    expect(() => plotThroughputVsWorkers([{ kind: "", workers: 1, tasksPerSecond: 5 }])).toThrow(/records\[0\]\.kind is ""/);
    expect(() => plotThroughputVsWorkers(throughput, { amdahl: { serialFraction: 0.1, kind: "inline" } })).toThrow(
      /amdahl\.kind "inline" is not in the records\. Use one of threads, processes/,
    );
    expect(() => plotThroughputVsWorkers(throughput, { amdahl: { serialFraction: 1.2 } })).toThrow(
      /amdahl\.serialFraction is 1\.2\. Pass a fraction between 0 and 1/,
    );
    expect(() => plotThroughputVsWorkers([{ kind: "threads", workers: 1, tasksPerSecond: 5, spread: -0.1 }])).toThrow(/records\[0\]\.spread is -0\.1/);
    expect(() => plotThroughputVsWorkers(throughput, { title: "" })).toThrow(/title is ""/);
  });
});

describe("plotSpeedupVsWorkers", () => {
  test("speed-up relative to each kind's 1-worker throughput, with a y = N perfect line", () => {
    const chart = plotSpeedupVsWorkers(throughput, { ceiling, amdahl: { serialFraction: 0.5, kind: "processes" } });
    expectLabelledAndBundled(chart);
    expect(chart.layout.yaxis.title.text).toBe("Speed-up (× 1 worker)");
    expect(traceNamed(chart, "threads").y).toEqual([1, 1.8, 2]);
    expect(traceNamed(chart, "threads").error_y?.array).toEqual([0.02, 0.045, 0.06]);
    expect(traceNamed(chart, "processes").y).toEqual([1, 1.875, 2.375]);
    expect(traceNamed(chart, "perfect scaling")).toMatchObject({ x: [1, 2, 4], y: [1, 2, 4] });
    expect(traceNamed(chart, "machine ceiling (probe)")).toMatchObject({ x: [1, 2, 4], y: [1, 1.9, 2.1] });
    const fit = traceNamed(chart, "processes: Amdahl fit (serial 50.0 %)");
    const at = (workers: number) => fit.y[fit.x.indexOf(workers)];
    expect([at(1), at(2), at(4)]).toEqual([1, 4 / 3, 1.6]);
  });

  test("the ceiling needs probeCeiling's fields, and says so", () => {
    const oldShape = [{ workers: 2, tasksPerSecond: 10 }] as unknown as { processes: number; speedup: number }[];
    expect(() => plotSpeedupVsWorkers(throughput, { ceiling: oldShape })).toThrow(
      "plotSpeedupVsWorkers: ceiling[0].processes is missing. Pass the records lib/measure returned, which have that field.",
    );
    expect(() => plotSpeedupVsWorkers(throughput, { ceiling: [] })).toThrow(/options\.ceiling is empty/);
  });

  test("text/plain lists the Amdahl curve at the measured worker counts only", () => {
    const single = throughput.filter((record) => record.kind === "threads");
    const text = textOf(plotSpeedupVsWorkers(single, { perfectScaling: false, amdahl: { serialFraction: 0 } }));
    expect(
      text
        .split("\n")
        .slice(4)
        .map((line) => line.trim().split(/\s+/)),
    ).toEqual([
      ["1", "1", "±", "0.02", "1"],
      ["2", "1.8", "±", "0.045", "2"],
      ["4", "2", "±", "0.06", "4"],
    ]);
  });
});

describe("plotCostVsPayload", () => {
  const costs = [
    { bytes: 1_000_000, channel: "thread", roundTripMs: 9 },
    { bytes: 100, channel: "thread", roundTripMs: 0.12 },
    { bytes: 100, channel: "process-json", roundTripMs: 0.3 },
    { bytes: 1_000_000, channel: "process-json", roundTripMs: 25 },
  ];

  test("one line per channel on log-log axes with byte and millisecond units", () => {
    const chart = plotCostVsPayload(costs);
    expectLabelledAndBundled(chart);
    expect(chart.layout.xaxis).toMatchObject({ type: "log", title: { text: "Payload size (bytes)" } });
    expect(chart.layout.yaxis).toMatchObject({ type: "log", title: { text: "Round trip (ms)" } });
    expect(chart.data.map((trace) => [trace.name, trace.x, trace.y])).toEqual([
      ["thread", [100, 1_000_000], [0.12, 9]],
      ["process-json", [100, 1_000_000], [0.3, 25]],
    ]);
    expect(textOf(chart)).toBe(
      [
        "Serialization cost vs payload size",
        "Payload size  thread  process-json",
        "     (bytes)    (ms)          (ms)",
        "------------  ------  ------------",
        "         100    0.12           0.3",
        "   1,000,000       9            25",
      ].join("\n"),
    );
  });

  test("with several payload shapes, one line per channel and shape", () => {
    const chart = plotCostVsPayload([
      { channel: "thread", shape: "numbers", bytes: 100, roundTripMs: 0.1 },
      { channel: "thread", shape: "bytes", bytes: 100, roundTripMs: 0.05 },
      { channel: "thread", shape: "numbers", bytes: 1000, roundTripMs: 0.2 },
    ]);
    expect(chart.data.map((trace) => [trace.name, trace.x, trace.y])).toEqual([
      ["thread · numbers", [100, 1000], [0.1, 0.2]],
      ["thread · bytes", [100], [0.05]],
    ]);
    // One shape only: the name stays the channel.
    expect(plotCostVsPayload([{ channel: "thread", shape: "numbers", bytes: 100, roundTripMs: 0.1 }]).data[0].name).toBe("thread");
  });

  test("refuses values a log axis cannot show, and repeats on one line", () => {
    expect(() => plotCostVsPayload([{ bytes: 0, channel: "thread", roundTripMs: 3 }])).toThrow(/records\[0\]\.bytes is 0, but it must be greater than 0/);
    expect(() => plotCostVsPayload([...costs, { bytes: 100, channel: "thread", roundTripMs: 1 }])).toThrow(/line "thread" has two records with bytes = 100/);
    expect(() => plotCostVsPayload([])).toThrow(/records is empty/);
  });
});

describe("plotLatencyOverTime", () => {
  test("one line per series sorted by time; samples without a series share a default name", () => {
    const chart = plotLatencyOverTime([
      { timeMs: 20, lagMs: 1 },
      { timeMs: 10, lagMs: 0.5 },
      { timeMs: 10, lagMs: 30, series: "blocking loop" },
    ]);
    expectLabelledAndBundled(chart);
    expect(chart.layout.xaxis.title.text).toBe("Time since start (ms)");
    expect(chart.layout.yaxis.title.text).toBe("Event-loop lag (ms)");
    expect(chart.data.map((trace) => [trace.name, trace.x, trace.y])).toEqual([
      ["event-loop lag", [10, 20], [0.5, 1]],
      ["blocking loop", [10], [30]],
    ]);
  });

  test("a long series prints as head, a count of left-out rows, and tail", () => {
    const samples = Array.from({ length: 1000 }, (_, index) => ({ timeMs: index, lagMs: index / 100 }));
    const lines = textOf(plotLatencyOverTime(samples)).split("\n");
    expect(lines.length).toBeLessThan(30);
    expect(lines).toContain("… 982 more rows …");
    expect(lines.at(-1)?.trim().split(/\s+/)).toEqual(["999", "9.99"]);
  });

  test("refuses negative lag", () => {
    expect(() => plotLatencyOverTime([{ timeMs: 0, lagMs: -1 }])).toThrow(/samples\[0\]\.lagMs is -1, but it must not be negative/);
  });
});
