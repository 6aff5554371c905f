import { describe, expect, test } from "vitest";
import { pastTheCores, pastTheCoresVerdict, speedupsOf } from "../../../lib/course/01-martelli-scalability";

const records = [
  { kind: "processes", workers: 2, tasksPerSecond: 180 },
  { kind: "processes", workers: 1, tasksPerSecond: 100 },
  { kind: "processes", workers: 4, tasksPerSecond: 171 },
  { kind: "threads", workers: 1, tasksPerSecond: 110 },
  { kind: "threads", workers: 2, tasksPerSecond: 200 },
  { kind: "threads", workers: 4, tasksPerSecond: 220 },
];

describe("speedupsOf", () => {
  test("divides each record of the kind by its one-worker throughput, in worker order", () => {
    expect(speedupsOf(records, "processes")).toEqual([
      { workers: 1, speedup: 1 },
      { workers: 2, speedup: 1.8 },
      { workers: 4, speedup: 1.71 },
    ]);
  });

  test("leaves out worker counts above maxWorkers", () => {
    expect(speedupsOf(records, "threads", 2).map((point) => point.workers)).toEqual([1, 2]);
  });

  test("without a one-worker record it says what to measure", () => {
    expect(() => speedupsOf(records, "async")).toThrow(/one-worker record of kind "async"/);
  });
});

describe("pastTheCores", () => {
  const ceiling = [
    { processes: 1, speedup: 1, iterationsPerSecond: 10 },
    { processes: 2, speedup: 1.9, iterationsPerSecond: 19 },
    { processes: 4, speedup: 1.8, iterationsPerSecond: 18 },
  ];

  test("compares the largest worker count with the core count per kind, and the hardware alone", () => {
    const rows = pastTheCores(records, ceiling, 2);
    expect(rows.map((row) => [row.kind, row.mostWorkers])).toEqual([
      ["processes", 4],
      ["threads", 4],
      ["hardware (ceiling probe)", 4],
    ]);
    expect(rows[0].gain).toBeCloseTo(0.95, 10);
    expect(rows[1].gain).toBeCloseTo(1.1, 10);
    expect(rows[2].gain).toBeCloseTo(1.8 / 1.9, 10);
  });

  test("without the ceiling at the core count there is no hardware row", () => {
    expect(pastTheCores(records, [], 2).map((row) => row.kind)).toEqual(["processes", "threads"]);
  });

  test("a kind not measured at the core count is an error that names it", () => {
    expect(() => pastTheCores(records, ceiling, 3)).toThrow(/"processes" with 3 workers/);
  });
});

describe("pastTheCoresVerdict", () => {
  const row = (kind: string, gain: number) => ({ kind, cores: 2, atCores: 100, mostWorkers: 4, atMost: 100 * gain, gain });

  test("no gain: names the worst loss", () => {
    expect(pastTheCoresVerdict([row("threads", 0.97), row("processes", 0.9), row("hardware (ceiling probe)", 1)])).toBe(
      "From 2 to 4 workers: threads 0.97×, processes 0.90×, hardware (ceiling probe) 1.00× — no gain past the cores; processes lost 10 %.",
    );
  });

  test("a gain the spinning processes shared is blamed on a busy machine", () => {
    expect(pastTheCoresVerdict([row("threads", 1.3), row("hardware (ceiling probe)", 1.25)])).toMatch(/other programs were competing for the cores/);
  });

  test("a gain the hardware did not share is called a disturbed measurement", () => {
    expect(pastTheCoresVerdict([row("threads", 1.3), row("processes", 1), row("hardware (ceiling probe)", 1)])).toMatch(/threads gained past the cores while the hardware did not/);
  });
});
