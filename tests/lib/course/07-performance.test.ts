import { afterEach, describe, expect, test } from "vitest";
import {
  cpuPerRequest,
  cpuVerdict,
  forkHazardSteps,
  forkHazardVerdict,
  ioVerdict,
  measureChunksizes,
  measureOverheadShare,
  measurePayloadThroughput,
  measureRoundTripStyles,
  primesWithPayload,
  pythonForkHazard,
  requestCpuVerdict,
  roundTripVerdict,
} from "../../../lib/course/07-performance";
import { setCourseLanguage } from "../../../lib/language";
import { startLatencyServerProcess } from "../../../lib/workloads/latency-server-process";
import { countPrimes, countPrimesTask } from "../../../lib/workloads/cpu";

afterEach(() => setCourseLanguage("en"));

describe("primesWithPayload", () => {
  test("counts primes and ignores the payload", () => {
    expect(primesWithPayload({ primesBelow: 100, payload: "x".repeat(1000) })).toBe(countPrimes(100));
  });
});

describe("measureChunksizes", () => {
  test("one record per chunk size, with the round trips that chunk size needs", async () => {
    const records = await measureChunksizes({
      kind: "threads",
      workers: 2,
      task: countPrimesTask,
      inputs: Array(40).fill(50),
      chunksizes: [1, 8],
      repetitions: 1,
    });
    expect(records.map((record) => [record.chunksize, record.roundTrips, record.tasks])).toEqual([
      [1, 40, 40],
      [8, 5, 40],
    ]);
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

describe("measureRoundTripStyles", () => {
  test("times the tasks each awaited and through map at each chunk size; awaiting each is the slowest", async () => {
    const records = await measureRoundTripStyles({
      kind: "threads",
      workers: 2,
      task: countPrimesTask,
      inputs: Array(200).fill(50),
      chunksizes: [1, 50],
      repetitions: 1,
    });
    expect(records.map((record) => [record.approach, record.messages])).toEqual([
      ["each awaited", 200],
      ["map, chunksize 1", 200],
      ["map, chunksize 50", 4],
    ]);
    expect(records[2].tasksPerSecond).toBeGreaterThan(records[0].tasksPerSecond);
  });

  test("roundTripVerdict compares the awaited throughput with the best map, per kind", () => {
    const record = (kind: "threads" | "processes", approach: string, tasksPerSecond: number) => ({ kind, approach, messages: 1, tasksPerSecond });
    expect(
      roundTripVerdict([
        record("threads", "each awaited", 70_000),
        record("threads", "map, chunksize 1", 130_000),
        record("threads", "map, chunksize 256", 560_000),
        record("processes", "each awaited", 30_000),
        record("processes", "map, chunksize 16", 450_000),
      ]),
    ).toBe(
      "threads: 70,000 tasks/s when each task is awaited before the next is sent, 560,000 tasks/s with map, chunksize 256 (8.0×); " +
        "processes: 30,000 tasks/s when each task is awaited before the next is sent, 450,000 tasks/s with map, chunksize 16 (15.0×).",
    );
  });
});

describe("verdicts of the sweeps", () => {
  test("cpuVerdict names the whole-task limit, ioVerdict the cores", () => {
    expect(cpuVerdict("threads", 1.9, 5, 12, 24)).toBe("threads: 1.90× one worker with 5 workers (12 cores; the most 24 whole tasks allow: 4.80×)");
    expect(ioVerdict("async", 14.83, 16, 2)).toBe("async: 14.8× one at a time with 16 in flight (on 2 cores)");
  });

  test("in German, with decimal commas and thousands dots", () => {
    setCourseLanguage("de");
    expect(cpuVerdict("threads", 1.9, 5, 12, 24)).toBe(
      "threads: 1,90× so viel wie ein Worker, mit 5 Workern (12 Kerne; 24 ganze Aufgaben lassen höchstens 4,80× zu)",
    );
    expect(ioVerdict("async", 14.83, 16, 2)).toBe("async: 14,8× so viel wie einzeln, mit 16 gleichzeitig (auf 2 Kernen)");
    const record = (approach: string, tasksPerSecond: number) => ({ kind: "threads" as const, approach, messages: 1, tasksPerSecond });
    expect(roundTripVerdict([record("jede einzeln abgewartet", 70_000), record("map, chunksize 256", 560_000)])).toBe(
      "threads: 70.000 Aufgaben/s, wenn jede Aufgabe abgewartet wird, bevor die nächste hinausgeht, 560.000 Aufgaben/s mit map, chunksize 256 (8,0×).",
    );
    expect(forkHazardVerdict(undefined, 1, "/nonexistent/python3")).toBe(
      "Kein Python unter /nonexistent/python3: Die Gefahr von Threads plus fork wird hier beschrieben, nicht gemessen.",
    );
  });
});

describe("cpuPerRequest", () => {
  test("counts this process's CPU per request apart from the server's, which runs in its own process", async () => {
    const server = await startLatencyServerProcess({ latencyMs: 5 });
    try {
      const rows = [await cpuPerRequest(server, "async", 4, 16), await cpuPerRequest(server, "threads", 2, 16)];
      for (const row of rows) {
        expect(row.clientCpuMs).toBeGreaterThan(0);
        expect(row.serverCpuMs).toBeGreaterThan(0);
      }
      expect((await server.stats()).served).toBe(16 + 4 + 16 + 2);
      expect(
        requestCpuVerdict([
          { kind: "async", inFlight: 8, clientCpuMs: 0.5, serverCpuMs: 0.2 },
          { kind: "threads", inFlight: 8, clientCpuMs: 0.75, serverCpuMs: 0.3 },
        ]),
      ).toBe(
        "Per request, the async client used 0.500 ms of CPU and the thread client 0.750 ms (1.5× as much); the server, in its own process, used 0.250 ms, counted apart.",
      );
    } finally {
      await server.stop();
    }
  }, 30_000);
});

describe("pythonForkHazard", () => {
  test("in CPython a child forked while a thread holds a lock deadlocks on it, while the parent's lock is released", async () => {
    const result = await pythonForkHazard({ holdMs: 200, waitMs: 1000 });
    expect(result).toMatchObject({ childBlocked: true, parentGotLock: true });
    expect(result!.childBlockedMs).toBeGreaterThanOrEqual(1000);
    expect(forkHazardSteps(result!).map((step) => step.result)).toEqual(["yes", "deadlock", true, result!.warning === null ? "—" : "DeprecationWarning"]);
    expect(forkHazardVerdict(result, 200)).toMatch(
      /forked child deadlocked: its copy of the lock was still held after \d+ ms, although the thread holding it let go after 200 ms/,
    );
  }, 30_000);

  test("without that Python it says the hazard is described, not measured", async () => {
    expect(await pythonForkHazard({ holdMs: 1, waitMs: 1, python: "/nonexistent/python3" })).toBeUndefined();
    expect(forkHazardVerdict(undefined, 1, "/nonexistent/python3")).toBe(
      "No Python at /nonexistent/python3: the threads-plus-fork hazard is described, not measured here.",
    );
  });
});
