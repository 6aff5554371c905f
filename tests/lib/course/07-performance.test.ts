import { describe, expect, test } from "vitest";
import { measureChunksizes, measureOverheadShare, measurePayloadThroughput, primesWithPayload } from "../../../lib/course/07-performance";
import { countPrimes, countPrimesTask } from "../../../lib/workloads/cpu";

describe("primesWithPayload", () => {
  test("counts primes and ignores the payload", () => {
    expect(primesWithPayload({ primesBelow: 100, payload: "x".repeat(1000) })).toBe(countPrimes(100));
  });
});

describe("measureChunksizes", () => {
  test("one record per chunk size, with the round trips that chunk size needs", async () => {
    const records = await measureChunksizes({ kind: "threads", workers: 2, task: countPrimesTask, inputs: Array(40).fill(50), chunksizes: [1, 8], repetitions: 1 });
    expect(records.map((record) => [record.chunksize, record.roundTrips, record.tasks])).toEqual([[1, 40, 40], [8, 5, 40]]);
    expect(records.every((record) => record.tasksPerSecond > 0 && record.tasksPerSecond === record.tasks / record.seconds)).toBe(true);
  });
});

describe("measureOverheadShare", () => {
  test("overhead share is a fraction, and the ideal time follows the work and the workers", async () => {
    const records = await measureOverheadShare({ kind: "inline", workers: 1, workMs: [0.05, 1], budgetMs: 20, repetitions: 1 });
    expect(records.map((record) => record.targetWorkMs)).toEqual([0.05, 1]);
    for (const record of records) {
      expect(record.overheadShare).toBeGreaterThanOrEqual(0);
      expect(record.overheadShare).toBeLessThan(1);
      expect(record.idealSeconds).toBeCloseTo((record.tasks * record.workMs) / 1000, 9);
    }
    expect(records[1].tasks).toBe(20);
  });
});

describe("measurePayloadThroughput", () => {
  test("one record per payload size through a process pool", async () => {
    const records = await measurePayloadThroughput({ kind: "processes", workers: 1, primesBelow: 100, tasks: 3, payloadBytes: [10, 10_000], repetitions: 1 });
    expect(records.map((record) => record.payloadBytes)).toEqual([10, 10_000]);
    expect(records.every((record) => record.tasks === 3 && record.tasksPerSecond > 0)).toBe(true);
  });
});
