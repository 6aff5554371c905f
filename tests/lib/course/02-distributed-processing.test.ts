import { Worker } from "bullmq";
import fs from "node:fs";
import { describe, expect, test } from "vitest";
import {
  bullmqWorkerDefaults, computingJob, faultRows, faultVerdict, jobStarts, measureRoundTrips, recoverySettings, sendSamples, startLogFile, waitForStarts,
} from "../../../lib/course/02-distributed-processing";
import { startRedisServer } from "../../../lib/redis";
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

  test("notes each start in the start log, which jobStarts reads back per job", () => {
    const log = startLogFile();
    computingJob({ job: 1, ms: 0, startLog: log });
    computingJob({ job: 0, ms: 0, startLog: log });
    computingJob({ job: 1, ms: 0, startLog: log });
    expect(jobStarts(log)).toEqual(new Map([[1, [process.pid, process.pid]], [0, [process.pid]]]));
    fs.rmSync(log);
    expect(jobStarts(log)).toEqual(new Map());
  });

  test("waitForStarts waits until that many jobs have started, and says so when they do not", async () => {
    const log = startLogFile();
    setTimeout(() => computingJob({ job: 4, ms: 0, startLog: log }), 50);
    await waitForStarts(log, 1);
    expect(jobStarts(log).size).toBe(1);
    await expect(waitForStarts(log, 2, 200)).rejects.toThrow("only 1 of 2 jobs started within 0.2 s; are the workers running?");
  });
});

describe("the fault demonstration's rows and verdict", () => {
  const results = [{ job: 1, pid: 31 }, { job: 0, pid: 30 }, { job: 2, pid: 30 }];
  const starts = new Map([[0, [10, 30]], [1, [11, 31]], [2, [30]]]);

  test("faultRows counts each job's starts and says where its delivered result came from", () => {
    expect(faultRows(results, starts, [10, 11])).toEqual([
      { job: 0, starts: 2, resultFrom: "30", resultFromKilledWorker: false, startedInKilledWorker: true },
      { job: 1, starts: 2, resultFrom: "31", resultFromKilledWorker: false, startedInKilledWorker: true },
      { job: 2, starts: 1, resultFrom: "30", resultFromKilledWorker: false, startedInKilledWorker: false },
    ]);
  });

  test("the verdict says which jobs ran twice and that each result was delivered once", () => {
    const rows = faultRows(results, starts, [10, 11]);
    expect(faultVerdict(rows, { killed: [10, 11], killedAtMs: 1000, tookMs: 4200, jobs: 3, taskMs: 3000, workers: 2 })).toBe(
      "Killed workers 10, 11 at 1.0 s; 3 results for jobs 0, 1, 2 (each delivered once: true), all from replacement workers: true; " +
        "jobs 0 and 1 started twice, once in a killed worker and again in a replacement; done after 4.2 s instead of 6.0 s without the failure.",
    );
    // A missing result is not "delivered once".
    expect(faultVerdict(rows.slice(1), { killed: [10, 11], killedAtMs: 1000, tookMs: 4200, jobs: 3, taskMs: 3000, workers: 2 })).toContain("each delivered once: false");
  });
});

describe("recoverySettings", () => {
  test("names BullMQ's defaults, the course runner's and the demonstration's, and BullMQ's are the installed BullMQ's", async () => {
    const rows = recoverySettings({ lockDurationMs: 900, stalledIntervalMs: 900 });
    expect(rows.map((row) => [row.bullmq, row.courseRunner, row.thisDemo])).toEqual([[30_000, 10_000, 900], [30_000, 5_000, 900]]);
    const redis = await startRedisServer();
    const worker = new Worker("defaults-check", undefined, { connection: { host: "127.0.0.1", port: redis.port }, autorun: false });
    try {
      expect({ lockDurationMs: worker.opts.lockDuration, stalledIntervalMs: worker.opts.stalledInterval }).toEqual(bullmqWorkerDefaults);
    } finally {
      await worker.close();
      await redis.stop();
    }
  }, 30_000);
});
