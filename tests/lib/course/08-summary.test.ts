import { describe, expect, test } from "vitest";
import { decisionRow, timeDesigns, timeDesignsAtComputeSizes } from "../../../lib/course/08-summary";
import type { ThroughputRecord } from "../../../lib/measure/throughput";

const record = (kind: ThroughputRecord["kind"], tasksPerSecond: number): ThroughputRecord => ({ kind, workers: 2, tasks: 10, seconds: 10 / tasksPerSecond, tasksPerSecond, spread: 0 });

describe("decisionRow", () => {
  test("names the fastest model and its lead over the runner-up", () => {
    const row = decisionRow("CPU-bound", [record("async", 50), record("threads", 180), record("processes", 90)]);
    expect(row).toEqual({ workload: "CPU-bound", workers: 2, async: 50, threads: 180, processes: 90, best: "threads", lead: "2.0×" });
  });

  test("fails with a clear message when a model was not measured", () => {
    expect(() => decisionRow("I/O", [record("async", 50), record("threads", 60)])).toThrow(/needs a processes record/);
  });
});

describe("timeDesigns", () => {
  test("runs each design once untimed plus its repetitions and reports items per second", async () => {
    const calls = { a: 0, b: 0 };
    const records = await timeDesigns(
      { a: async () => void (calls.a += 1), b: () => new Promise((resolve) => setTimeout(() => resolve((calls.b += 1)), 20)) },
      { items: 4, repetitions: 2 },
    );
    expect(calls).toEqual({ a: 3, b: 3 });
    expect(records.map((entry) => entry.design)).toEqual(["a", "b"]);
    expect(records[1].seconds).toBeGreaterThanOrEqual(0.015);
    expect(records[1].itemsPerSecond).toBeCloseTo(4 / records[1].seconds, 6);
  });
});

describe("timeDesignsAtComputeSizes", () => {
  test("times every design at each amount of work, with a larger prime limit for more work", async () => {
    const limits: number[] = [];
    const calls: string[] = [];
    const rows = await timeDesignsAtComputeSizes([1, 20], (primesBelow) => {
      limits.push(primesBelow);
      return { a: async () => calls.push(`a${primesBelow}`), b: async () => calls.push(`b${primesBelow}`) };
    }, { items: 4, repetitions: 1 });
    expect(rows.map(({ computeMs, design }) => ({ computeMs, design }))).toEqual([
      { computeMs: 1, design: "a" }, { computeMs: 1, design: "b" }, { computeMs: 20, design: "a" }, { computeMs: 20, design: "b" },
    ]);
    for (const row of rows) expect(row.itemsPerSecond).toBeGreaterThan(0);
    expect(limits[1]).toBeGreaterThan(limits[0]);
    expect(calls).toHaveLength(8); // one untimed and one timed run per design and amount
  });
});
