// lib/measure's records go into the charts as they are: the notebook writes
// plotThroughputVsWorkers(await measureThroughput(...), { ceiling: await probeCeiling(...), amdahl: fitAmdahl(...) }).
import { expect, test } from "vitest";
import { amdahlSpeedup, fitAmdahl, type AmdahlFit } from "../../../lib/measure/amdahl";
import type { CeilingRecord } from "../../../lib/measure/ceiling";
import type { SerializationRecord } from "../../../lib/measure/serialization-cost";
import type { ThroughputRecord } from "../../../lib/measure/throughput";
import type { TimerLatenessSample } from "../../../lib/measure/timer-lateness";
import { plotCostVsPayload, plotLatencyOverTime, plotSpeedupVsWorkers, plotThroughputVsWorkers } from "../../../lib/plot";

// Shaped like measureThroughput's output: every field, spread relative to the median time.
const throughput: ThroughputRecord[] = [
  { kind: "threads", workers: 1, tasks: 40, seconds: 0.04, tasksPerSecond: 1000, spread: 0.1 },
  { kind: "threads", workers: 2, tasks: 40, seconds: 40 / 1900, tasksPerSecond: 1900, spread: 0.02 },
  { kind: "processes", workers: 1, tasks: 40, seconds: 0.05, tasksPerSecond: 800, spread: 0 },
  { kind: "processes", workers: 2, tasks: 40, seconds: 40 / 1400, tasksPerSecond: 1400, spread: 0.2 },
];
const ceiling: CeilingRecord[] = [
  { processes: 1, speedup: 1, iterationsPerSecond: 5e8 },
  { processes: 2, speedup: 1.96, iterationsPerSecond: 9.8e8 },
];

test("throughput and ceiling records, and a fitAmdahl result, plot without reshaping", () => {
  const threads = throughput.filter((record) => record.kind === "threads");
  const amdahl: AmdahlFit = fitAmdahl(threads.map((record) => ({ workers: record.workers, speedup: record.tasksPerSecond / 1000 })));
  const chart = plotThroughputVsWorkers(throughput, { ceiling, amdahl });
  expect(chart.data.map((trace) => trace.name)).toEqual([
    "threads",
    "threads: perfect scaling",
    "processes",
    "processes: perfect scaling",
    "machine ceiling (probe)",
    `Amdahl fit (serial ${(amdahl.serialFraction * 100).toFixed(1)} %)`,
  ]);
  expect(chart.data[0].error_y?.array).toEqual([50, 19]);
  expect(chart.data.find((trace) => trace.name === "machine ceiling (probe)")?.y).toEqual([1000, 1960]);
  const fit = chart.data.at(-1);
  expect(fit?.y.at(-1)).toBeCloseTo(1900, 6); // the fit of two exact points passes through them

  const speedup = plotSpeedupVsWorkers(throughput, { ceiling, amdahl: { ...amdahl, kind: "threads" } });
  const curve = speedup.data.find((trace) => trace.name === "threads: Amdahl fit (serial 5.3 %)");
  expect(curve?.y.at(-1)).toBeCloseTo(amdahlSpeedup(amdahl.serialFraction, 2), 9);
});

test("serialization records and timer-lateness samples plot without reshaping", () => {
  const costs: SerializationRecord[] = [
    { channel: "thread", shape: "numbers", bytes: 1000, roundTripMs: 0.2, megabytesPerSecond: 10 },
    { channel: "process-advanced", shape: "numbers", bytes: 1000, roundTripMs: 0.5, megabytesPerSecond: 4 },
  ];
  expect(plotCostVsPayload(costs).data.map((trace) => [trace.name, trace.x, trace.y])).toEqual([
    ["thread", [1000], [0.2]],
    ["process-advanced", [1000], [0.5]],
  ]);
  const samples: TimerLatenessSample[] = [
    { timeMs: 5.2, lagMs: 0.2, series: "busy loop" },
    { timeMs: 105.9, lagMs: 95.7, series: "busy loop" },
  ];
  expect(plotLatencyOverTime(samples).data.map((trace) => [trace.name, trace.y])).toEqual([["busy loop", [0.2, 95.7]]]);
});
