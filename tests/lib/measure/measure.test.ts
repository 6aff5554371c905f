import { afterEach, expect, test } from "vitest";
import { kernelHookKey } from "../../../lib/kernel-hook";
import { amdahlSpeedup, fitAmdahl } from "../../../lib/measure/amdahl";
import { probeCeiling } from "../../../lib/measure/ceiling";
import { measureEventLoopLag } from "../../../lib/measure/event-loop-lag";
import { createProgressReporter, type Progress } from "../../../lib/measure/progress";
import { measureSerializationCost } from "../../../lib/measure/serialization-cost";
import { median, relativeSpread } from "../../../lib/measure/stats";
import { measureThroughput } from "../../../lib/measure/throughput";
import { countPrimesTask } from "../../../lib/workloads/cpu";
import { childPids } from "../support/children";

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[kernelHookKey];
  expect(childPids()).toEqual([]);
});

test("median and spread", () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 2, 3])).toBe(2.5);
  expect(relativeSpread([9, 10, 11])).toBeCloseTo(0.2);
});

test("fitAmdahl recovers the serial fraction of exact Amdahl data", () => {
  const points = [1, 2, 4, 8].map((workers) => ({ workers, speedup: amdahlSpeedup(0.1, workers) }));
  const fit = fitAmdahl(points);
  expect(fit.serialFraction).toBeCloseTo(0.1, 10);
  expect(fit.maxSpeedup).toBeCloseTo(10, 8);
  expect(fit.predict(2)).toBeCloseTo(amdahlSpeedup(0.1, 2), 10);
  expect(() => fitAmdahl([{ workers: 1, speedup: 1 }])).toThrow("fitAmdahl needs at least one point with more than one worker.");
});

test("measureThroughput returns one tidy record per kind and worker count, and reports progress", async () => {
  const progress: Progress[] = [];
  const records = await measureThroughput({
    kinds: ["inline", "threads"],
    workers: [1, 2],
    workload: { name: "primes", task: countPrimesTask, inputs: Array(8).fill(2000) },
    repetitions: 2,
    warmup: 1,
    onProgress: (update) => progress.push(update),
  });
  expect(records.map(({ kind, workers, tasks }) => ({ kind, workers, tasks }))).toEqual([
    { kind: "inline", workers: 1, tasks: 8 },
    { kind: "inline", workers: 2, tasks: 8 },
    { kind: "threads", workers: 1, tasks: 8 },
    { kind: "threads", workers: 2, tasks: 8 },
  ]);
  for (const record of records) {
    expect(record.tasksPerSecond).toBeCloseTo(record.tasks / record.seconds, 6);
    expect(record.spread).toBeGreaterThanOrEqual(0);
  }
  expect(progress).toHaveLength(12);
  expect(progress.at(-1)).toEqual({ label: "throughput of primes", done: 12, total: 12 });
});

test("probeCeiling measures 1 process as speed-up 1 and reports each count", async () => {
  const records = await probeCeiling({ processes: [1, 2], durationMs: 150 });
  expect(records.map((record) => record.processes)).toEqual([1, 2]);
  expect(records[0]?.speedup).toBe(1);
  expect(records[1]?.speedup).toBeGreaterThan(0);
});

test("measureEventLoopLag sees the main thread blocked", async () => {
  const { result, lag } = await measureEventLoopLag(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const end = Date.now() + 200;
    while (Date.now() < end);
    return "done";
  });
  expect(result).toBe("done");
  expect(lag.maxMs).toBeGreaterThan(100);
});

test("measureSerializationCost gives one record per channel and size, skipping bytes over JSON", async () => {
  const records = await measureSerializationCost({ sizes: [100, 10_000], shapes: ["numbers", "bytes"], repetitions: 2 });
  expect(records.map((record) => `${record.channel}/${record.shape}/${record.bytes}`)).toEqual([
    "thread/numbers/100", "thread/numbers/10000", "thread/bytes/100", "thread/bytes/10000",
    "process-json/numbers/100", "process-json/numbers/10000",
    "process-advanced/numbers/100", "process-advanced/numbers/10000", "process-advanced/bytes/100", "process-advanced/bytes/10000",
  ]);
  for (const record of records) expect(record.roundTripMs).toBeGreaterThan(0);
});

test("the progress reporter draws a bar on a terminal stream without the kernel", () => {
  let written = "";
  const report = createProgressReporter({ stream: { write: (text: string) => (written += text) }, width: 10 });
  report({ label: "work", done: 5, total: 10 });
  report({ label: "work", done: 10, total: 10 });
  expect(written).toBe("\rwork [#####-----] 5/10\rwork [##########] 10/10\n");
});

test("inside the kernel the progress reporter shows one display and updates it", () => {
  const calls: Array<{ kind: string; id: string | undefined; bundle: Record<string, unknown> }> = [];
  (globalThis as Record<symbol, unknown>)[kernelHookKey] = {
    cellSignal: () => undefined,
    display: (bundle: Record<string, unknown>, options?: { displayId?: string }) => calls.push({ kind: "display", id: options?.displayId, bundle }),
    updateDisplay: (id: string, bundle: Record<string, unknown>) => calls.push({ kind: "update", id, bundle }),
  };
  const report = createProgressReporter();
  report({ label: "a<b", done: 1, total: 4 });
  report({ label: "a<b", done: 4, total: 4 });
  expect(calls.map((call) => call.kind)).toEqual(["display", "update"]);
  expect(calls[0]?.id).toBe(calls[1]?.id);
  expect(calls[1]?.bundle["text/html"]).toContain('<progress value="4" max="4"');
  expect(calls[1]?.bundle["text/html"]).toContain("a&lt;b: 4/4");
  expect(calls[1]?.bundle["text/plain"]).toContain("4/4");
});
