import { Worker } from "bullmq";
import fs from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import {
  bullmqWorkerDefaults,
  computingJob,
  faultRows,
  faultVerdict,
  jobStarts,
  measureRoundTrips,
  recoverySettings,
  roundTripVerdict,
  sendSamples,
  startLogFile,
  throughputVerdict,
  waitForStarts,
} from "../../../lib/course/02-distributed-processing";
import { setCourseLanguage } from "../../../lib/language";
import { startRedisServer } from "../../../lib/redis";
import { InlineRunner } from "../../../lib/runners/inline-runner";

afterEach(() => setCourseLanguage("en"));

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

  test("in German a sample that crossed intact kommt an", async () => {
    setCourseLanguage("de");
    const rows = await sendSamples(["inline"], (value) => typeof value, { number: 1 });
    expect(rows.map((row) => row.outcome)).toEqual(["kommt als number an"]);
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
    expect(jobStarts(log)).toEqual(
      new Map([
        [1, [process.pid, process.pid]],
        [0, [process.pid]],
      ]),
    );
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
  const results = [
    { job: 1, pid: 31 },
    { job: 0, pid: 30 },
    { job: 2, pid: 30 },
  ];
  const starts = new Map([
    [0, [10, 30]],
    [1, [11, 31]],
    [2, [30]],
  ]);

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
    expect(faultVerdict(rows.slice(1), { killed: [10, 11], killedAtMs: 1000, tookMs: 4200, jobs: 3, taskMs: 3000, workers: 2 })).toContain(
      "each delivered once: false",
    );
  });

  test("in German the verdict says ja and nein, with decimal commas", () => {
    setCourseLanguage("de");
    const rows = faultRows(results, starts, [10, 11]);
    expect(faultVerdict(rows, { killed: [10, 11], killedAtMs: 1000, tookMs: 4200, jobs: 3, taskMs: 3000, workers: 2 })).toBe(
      "Worker 10, 11 nach 1,0 s beendet; 3 Ergebnisse für die Jobs 0, 1, 2 (jedes genau einmal zugestellt: ja), alle von Ersatz-Workern: ja; " +
        "die Jobs 0 und 1 starteten zweimal, einmal in einem beendeten Worker und noch einmal in einem Ersatz-Worker; fertig nach 4,2 s statt 6,0 s ohne den Ausfall.",
    );
    expect(faultVerdict(rows.slice(1), { killed: [10, 11], killedAtMs: 1000, tookMs: 4200, jobs: 3, taskMs: 3000, workers: 2 })).toContain(
      "jedes genau einmal zugestellt: nein",
    );
    expect(recoverySettings({ lockDurationMs: 900, stalledIntervalMs: 900 }).map((row) => row.setting)).toEqual([
      "Sperrdauer (ein Job, dessen Sperre so lange nicht erneuert wird, gilt als hängengeblieben)",
      "Intervall der Prüfung auf hängengebliebene Jobs",
    ]);
  });
});

describe("the verdicts on throughput and round trips", () => {
  const viaPipes = [
    { workers: 2, tasksPerSecond: 190 },
    { workers: 1, tasksPerSecond: 100 },
  ];
  const viaRedis = [
    { workers: 1, tasksPerSecond: 95 },
    { workers: 2, tasksPerSecond: 171 },
  ];
  const trips = [
    { kind: "threads", medianMs: 0.05 },
    { kind: "processes", medianMs: 0.1 },
    { kind: "distributed", medianMs: 0.45 },
  ];

  test("throughputVerdict compares the runners at 1 worker and the widest count, and states the distributed speed-up", () => {
    expect(throughputVerdict(viaPipes, viaRedis)).toBe(
      "distributed / process runner: 0.95× at 1 worker, 0.90× at 2; distributed speed-up 1 → 2 workers: 1.80×",
    );
    expect(() => throughputVerdict(viaPipes.slice(1), viaRedis)).toThrow(/process runner with 2 worker/);
  });

  test("roundTripVerdict relates the distributed round trip to the process runner's and to one task", () => {
    expect(roundTripVerdict(trips, 15)).toBe(
      "A distributed round trip takes 4.5× as long as a process runner's (0.45 ms vs 0.10 ms): 3.0 % of one 15 ms task.",
    );
    expect(() => roundTripVerdict(trips.slice(0, 2), 15)).toThrow(/round trips of the distributed runner/);
  });

  test("in German, with decimal commas", () => {
    setCourseLanguage("de");
    expect(throughputVerdict(viaPipes, viaRedis)).toBe(
      "verteilter Runner / Prozess-Runner: 0,95× bei 1 Worker, 0,90× bei 2; Beschleunigung des verteilten Runners von 1 auf 2 Worker: 1,80×",
    );
    expect(roundTripVerdict(trips, 15)).toBe(
      "Ein verteilter Roundtrip dauert 4,5-mal so lange wie einer des Prozess-Runners (0,45 ms gegenüber 0,10 ms): 3,0 % einer Aufgabe von 15 ms.",
    );
  });
});

describe("recoverySettings", () => {
  test("names BullMQ's defaults, the course runner's and the demonstration's, and BullMQ's are the installed BullMQ's", async () => {
    const rows = recoverySettings({ lockDurationMs: 900, stalledIntervalMs: 900 });
    expect(rows.map((row) => [row.bullmq, row.courseRunner, row.thisDemo])).toEqual([
      [30_000, 10_000, 900],
      [30_000, 5_000, 900],
    ]);
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
