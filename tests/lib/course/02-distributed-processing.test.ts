import { describe, expect, test } from "vitest";
import { measureRoundTrips, measureRunnerThroughput, sendSamples, computingJob } from "../../../lib/course/02-distributed-processing";
import { AsyncRunner } from "../../../lib/runners/async-runner";
import { InlineRunner } from "../../../lib/runners/inline-runner";

describe("measureRunnerThroughput", () => {
  test("one record per worker count, with the kind it was given, closing every runner it made", async () => {
    const made: AsyncRunner[] = [];
    const progress: number[] = [];
    const records = await measureRunnerThroughput({
      kind: "made here",
      makeRunner: (workers) => {
        const runner = new AsyncRunner({ workers });
        made.push(runner);
        return runner;
      },
      workers: [1, 2],
      workload: { task: (input: number) => input * 2, inputs: [1, 2, 3, 4] },
      repetitions: 2,
      onProgress: ({ done }) => progress.push(done),
    });
    expect(records.map((record) => [record.kind, record.workers, record.tasks])).toEqual([
      ["made here", 1, 4],
      ["made here", 2, 4],
    ]);
    expect(records.every((record) => record.tasksPerSecond > 0 && record.tasksPerSecond === 4 / record.seconds)).toBe(true);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    await expect(made[0].submit((input: number) => input, 1)).rejects.toThrow(/closed/);
  });

  test("rejects a repetition count that is not a whole number", async () => {
    await expect(
      measureRunnerThroughput({ kind: "x", makeRunner: () => new InlineRunner(), workers: [1], workload: { task: (input: number) => input, inputs: [1] }, repetitions: 0 }),
    ).rejects.toThrow(/repetitions must be a whole number/);
  });
});

describe("measureRoundTrips", () => {
  test("times the given number of single submits and reports median and 90th percentile", async () => {
    const runner = new InlineRunner();
    try {
      const record = await measureRoundTrips(runner, 20);
      expect(record.kind).toBe("inline");
      expect(record.roundTrips).toBe(20);
      expect(record.medianMs).toBeGreaterThanOrEqual(0);
      expect(record.p90Ms).toBeGreaterThanOrEqual(record.medianMs);
    } finally {
      await runner.close();
    }
  });
});

describe("sendSamples", () => {
  test("one row per runner kind and sample, saying what arrived or why the task failed", async () => {
    const describeValue = (value: unknown) => {
      if (value === null) throw new TypeError("null is not a sample");
      return typeof value;
    };
    const rows = await sendSamples(["inline", "async"], describeValue, { number: 1, nothing: null });
    expect(rows.map((row) => [row.runner, row.input])).toEqual([
      ["inline", "number"],
      ["inline", "nothing"],
      ["async", "number"],
      ["async", "nothing"],
    ]);
    expect(rows.filter((row) => row.input === "number").every((row) => row.outcome === "arrives as number")).toBe(true);
    expect(rows.filter((row) => row.input === "nothing").every((row) => /^\w+Error: .*null is not a sample/.test(row.outcome))).toBe(true);
  });
});

describe("computingJob", () => {
  test("keeps its thread busy for the time asked, then returns its job number and the process that ran it", () => {
    const started = performance.now();
    expect(computingJob({ job: 3, ms: 30 })).toEqual({ job: 3, pid: process.pid });
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
  });
});
