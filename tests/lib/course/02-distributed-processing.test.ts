import { describe, expect, test } from "vitest";
import { computingJob, measureRoundTrips, sendSamples } from "../../../lib/course/02-distributed-processing";
import { InlineRunner } from "../../../lib/runners/inline-runner";

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
