import { beforeEach, describe, expect, test } from "vitest";
import {
  PlotInputError,
  amdahlSpeedup,
  plotCostVsPayload,
  plotLatencyOverTime,
  plotSpeedupVsWorkers,
  plotThroughputVsWorkers,
  plotlyMimeType,
  resetPlottingSession,
  type Figure,
  type ThroughputRecord,
} from "../../../lib/plot";
import { bundleOf, textOf } from "./helpers";

const throughput: ThroughputRecord[] = [
  { kind: "threads", workers: 2, tasksPerSecond: 1800, spread: 40 },
  { kind: "threads", workers: 1, tasksPerSecond: 1000, spread: 20 },
  { kind: "threads", workers: 4, tasksPerSecond: 2000, spread: 60 },
  { kind: "processes", workers: 1, tasksPerSecond: 800 },
  { kind: "processes", workers: 2, tasksPerSecond: 1500 },
  { kind: "processes", workers: 4, tasksPerSecond: 1900 },
];
const ceiling = [
  { workers: 1, tasksPerSecond: 1100 },
  { workers: 2, tasksPerSecond: 2100 },
  { workers: 4, tasksPerSecond: 2200 },
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

beforeEach(() => resetPlottingSession());

describe("plotThroughputVsWorkers", () => {
  test("one measured line per kind, sorted by workers, with spread as error bars", () => {
    const chart = plotThroughputVsWorkers(throughput);
    expectLabelledAndBundled(chart);
    expect(chart.layout.title.text).toBe("Throughput vs workers");
    expect(chart.layout.xaxis.title.text).toBe("Workers");
    expect(chart.layout.yaxis.title.text).toBe("Throughput (tasks/s)");
    const threads = traceNamed(chart, "threads");
    expect(threads.x).toEqual([1, 2, 4]);
    expect(threads.y).toEqual([1000, 1800, 2000]);
    expect(threads.error_y).toEqual({ type: "data", array: [20, 40, 60], visible: true });
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

  test("optional ceiling line and Amdahl fit", () => {
    const chart = plotThroughputVsWorkers(throughput, { ceiling, amdahl: { parallelFraction: 0.8, kind: "threads" } });
    expect(traceNamed(chart, "machine ceiling").y).toEqual([1100, 2100, 2200]);
    const fit = traceNamed(chart, "threads: Amdahl fit (p = 0.8)");
    expect(fit.x).toEqual([1, 2, 4]);
    expect(fit.y.map((y) => Math.round(y))).toEqual([1000, 1667, 2500]);
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
        "      2  1,800 ± 40                     2,000",
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
    expect(() => plotThroughputVsWorkers(throughput, { amdahl: { parallelFraction: 0.9 } })).toThrow(
      /amdahl\.kind is missing and the records hold 2 kinds\. Say which kind the fit is for: one of threads, processes/,
    );
    expect(() => plotThroughputVsWorkers(throughput, { amdahl: { parallelFraction: 1.2, kind: "threads" } })).toThrow(/between 0 and 1/);
    expect(() => plotThroughputVsWorkers(throughput, { title: "" })).toThrow(/title is ""/);
  });
});

describe("plotSpeedupVsWorkers", () => {
  test("speed-up relative to each kind's 1-worker throughput, with a y = N perfect line", () => {
    const chart = plotSpeedupVsWorkers(throughput, { ceiling, amdahl: { parallelFraction: 0.5, kind: "processes" } });
    expectLabelledAndBundled(chart);
    expect(chart.layout.yaxis.title.text).toBe("Speed-up (× 1 worker)");
    expect(traceNamed(chart, "threads").y).toEqual([1, 1.8, 2]);
    expect(traceNamed(chart, "threads").error_y?.array).toEqual([0.02, 0.04, 0.06]);
    expect(traceNamed(chart, "processes").y).toEqual([1, 1.875, 2.375]);
    expect(traceNamed(chart, "perfect scaling")).toMatchObject({ x: [1, 2, 4], y: [1, 2, 4] });
    expect(traceNamed(chart, "machine ceiling").y).toEqual([1, 2100 / 1100, 2200 / 1100]);
    expect(traceNamed(chart, "processes: Amdahl fit (p = 0.5)").y).toEqual([1, 4 / 3, 1.6]);
  });

  test("needs a 1-worker ceiling measurement to scale the ceiling", () => {
    expect(() => plotSpeedupVsWorkers(throughput, { ceiling: [{ workers: 2, tasksPerSecond: 10 }] })).toThrow(
      /the ceiling has no positive 1-worker measurement/,
    );
  });

  test("Amdahl's law: all-serial work never speeds up, all-parallel work scales perfectly", () => {
    expect(amdahlSpeedup(0, 8)).toBe(1);
    expect(amdahlSpeedup(1, 8)).toBe(8);
    expect(amdahlSpeedup(0.9, 10)).toBeCloseTo(1 / (0.1 + 0.09));
  });
});

describe("plotCostVsPayload", () => {
  const costs = [
    { payloadBytes: 1_000_000, channel: "postMessage", microseconds: 900 },
    { payloadBytes: 100, channel: "postMessage", microseconds: 12 },
    { payloadBytes: 100, channel: "SharedArrayBuffer", microseconds: 1.5 },
    { payloadBytes: 1_000_000, channel: "SharedArrayBuffer", microseconds: 2 },
  ];

  test("one line per channel on log-log axes with byte and microsecond units", () => {
    const chart = plotCostVsPayload(costs);
    expectLabelledAndBundled(chart);
    expect(chart.layout.xaxis).toMatchObject({ type: "log", title: { text: "Payload size (bytes)" } });
    expect(chart.layout.yaxis).toMatchObject({ type: "log", title: { text: "Cost per message (µs)" } });
    expect(chart.data.map((trace) => [trace.name, trace.x, trace.y])).toEqual([
      ["postMessage", [100, 1_000_000], [12, 900]],
      ["SharedArrayBuffer", [100, 1_000_000], [1.5, 2]],
    ]);
    expect(textOf(chart)).toBe(
      [
        "Serialization cost vs payload size",
        "Payload size  postMessage  SharedArrayBuffer",
        "     (bytes)         (µs)               (µs)",
        "------------  -----------  -----------------",
        "         100           12                1.5",
        "   1,000,000          900                  2",
      ].join("\n"),
    );
  });

  test("refuses values a log axis cannot show", () => {
    expect(() => plotCostVsPayload([{ payloadBytes: 0, channel: "ipc", microseconds: 3 }])).toThrow(
      /records\[0\]\.payloadBytes is 0, but it must be greater than 0/,
    );
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
