import { afterEach, expect, test } from "vitest";
import { kernelHookKey } from "../../../lib/kernel-hook";
import { amdahlSpeedup, fitAmdahl, wholeTaskSpeedup } from "../../../lib/measure/amdahl";
import { probeCeiling } from "../../../lib/measure/ceiling";
import { measureEventLoopLag } from "../../../lib/measure/event-loop-lag";
import { createProgressReporter, type Progress } from "../../../lib/measure/progress";
import { measureSerializationCost } from "../../../lib/measure/serialization-cost";
import { median, relativeSpread } from "../../../lib/measure/stats";
import { measureSubjects, measureThroughput } from "../../../lib/measure/throughput";
import { AsyncRunner } from "../../../lib/runners/async-runner";
import { countPrimesTask } from "../../../lib/workloads/cpu";
import { childPids } from "../../support/processes";

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
  expect(fit.atBound).toBeUndefined();
});

test("whole tasks: 64 tasks on 12 workers need 6 rounds, so the best speed-up is 64 / 6", () => {
  expect(wholeTaskSpeedup(64, 12)).toBeCloseTo(64 / 6, 12);
  expect(wholeTaskSpeedup(64, 8)).toBe(8);
  expect(wholeTaskSpeedup(5, 8)).toBe(5);
  expect(amdahlSpeedup(0, 12, 64)).toBeCloseTo(64 / 6, 12);
  expect(() => wholeTaskSpeedup(0, 2)).toThrow("tasks must be a whole number >= 1, got 0.");
});

test("with tasks, fitAmdahl does not count the tail of the last round as serial work", () => {
  // Perfect workers on 64 whole tasks: the speed-ups step (64 / ⌈64 / n⌉) but nothing is serial.
  const tail = [1, 2, 3, 5, 7, 12].map((workers) => ({ workers, speedup: wholeTaskSpeedup(64, workers) }));
  expect(fitAmdahl(tail).serialFraction).toBeGreaterThan(0.005);
  const allowed = fitAmdahl(tail, { tasks: 64 });
  expect(allowed.serialFraction).toBeCloseTo(0, 12);
  expect(allowed.tasks).toBe(64);
  expect(allowed.predict(12)).toBeCloseTo(64 / 6, 12);
  // And a real serial part is still found under the steps.
  const serial = [1, 2, 3, 5, 7, 12].map((workers) => ({ workers, speedup: amdahlSpeedup(0.08, workers, 64) }));
  expect(fitAmdahl(serial, { tasks: 64 }).serialFraction).toBeCloseTo(0.08, 10);
});

test("fitAmdahl says when it clamped the serial fraction at a bound", () => {
  const slower = fitAmdahl([
    { workers: 1, speedup: 1 },
    { workers: 2, speedup: 0.8 },
    { workers: 4, speedup: 0.7 },
  ]);
  expect(slower).toMatchObject({ serialFraction: 1, atBound: "upper", maxSpeedup: 1 });
  const superLinear = fitAmdahl([
    { workers: 2, speedup: 2.2 },
    { workers: 4, speedup: 4.5 },
  ]);
  expect(superLinear).toMatchObject({ serialFraction: 0, atBound: "lower", maxSpeedup: Infinity });
});

test("measureThroughput returns one tidy record per kind and worker count, and reports progress", async () => {
  const progress: Progress[] = [];
  const records = await measureThroughput({
    kinds: ["inline", "threads"],
    workers: [1, 2],
    workload: { name: "primes", task: countPrimesTask, inputs: Array(8).fill(2000) },
    repetitions: 2,
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
  // Two interleaved rounds, the second backwards.
  expect(progress.map((update) => update.label)).toEqual([
    "primes on inline, 1 worker",
    "primes on inline, 2 workers",
    "primes on threads, 1 worker",
    "primes on threads, 2 workers",
    "primes on threads, 2 workers",
    "primes on threads, 1 worker",
    "primes on inline, 2 workers",
    "primes on inline, 1 worker",
  ]);
  expect(progress.at(-1)).toMatchObject({ done: 8, total: 8 });
});

test("measureThroughput takes runner factories, times fresh warmed runners and closes every one", async () => {
  const made: { workers: number; runner: AsyncRunner; maps: number }[] = [];
  const records = await measureThroughput({
    kinds: [
      {
        label: "made here",
        create: (workers) => {
          const runner = new AsyncRunner({ workers });
          const entry = { workers, runner, maps: 0 };
          const map = runner.map.bind(runner);
          runner.map = ((...args: Parameters<typeof map>) => ((entry.maps += 1), map(...args))) as typeof runner.map;
          made.push(entry);
          return runner;
        },
      },
    ],
    workers: [1, 2],
    workload: { task: (input: number) => input * 2, inputs: [1, 2, 3, 4] },
    repetitions: 2,
  });
  expect(records.map((record) => [record.kind, record.workers, record.tasks])).toEqual([
    ["made here", 1, 4],
    ["made here", 2, 4],
  ]);
  // One runner per timed run: a warm-up map, then the timed one; then it is closed.
  expect(made.map((entry) => [entry.workers, entry.maps])).toEqual([
    [1, 2],
    [2, 2],
    [2, 2],
    [1, 2],
  ]);
  for (const { runner } of made) await expect(runner.submit((input: number) => input, 1)).rejects.toThrow(/closed/);
});

test("measureSubjects measures each subject's own workload on its own runner, labelled by the subject", async () => {
  const records = await measureSubjects(
    [
      { label: "small on threads", runner: "threads", workload: { task: countPrimesTask, inputs: Array(4).fill(1000) } },
      { label: "large inline", runner: "inline", workload: { task: countPrimesTask, inputs: Array(6).fill(3000) } },
    ],
    { workers: [1, 2], repetitions: 1 },
  );
  expect(records.map((record) => [record.kind, record.workers, record.tasks])).toEqual([
    ["small on threads", 1, 4],
    ["small on threads", 2, 4],
    ["large inline", 1, 6],
    ["large inline", 2, 6],
  ]);
  expect(records.every((record) => record.tasksPerSecond > 0 && record.spread === 0)).toBe(true);
});

test("measureThroughput rejects a repetition count that is not a whole number", async () => {
  await expect(
    measureThroughput({ kinds: ["inline"], workers: [1], workload: { task: (input: number) => input, inputs: [1] }, repetitions: 0 }),
  ).rejects.toThrow(/repetitions must be a whole number/);
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
    "thread/numbers/100",
    "thread/numbers/10000",
    "thread/bytes/100",
    "thread/bytes/10000",
    "process-json/numbers/100",
    "process-json/numbers/10000",
    "process-advanced/numbers/100",
    "process-advanced/numbers/10000",
    "process-advanced/bytes/100",
    "process-advanced/bytes/10000",
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
