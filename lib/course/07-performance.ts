// Helpers of the notebook "Performance": the three anti-patterns of process pools, each as a
// measurement that reuses one runner, so worker start-up stays out of the numbers.
import { median } from "../measure/stats";
import type { ProgressCallback } from "../measure/progress";
import { createRunner, type LocalRunnerKind } from "../runners/create-runner";
import type { Runner } from "../runners/runner";
import { defineTask, type TaskLike } from "../runners/task";
import { calibrateCountPrimes, countPrimes, countPrimesTask } from "../workloads/cpu";

/** CPU work that also receives a payload it does not use: the cost of the data is the trip. */
export function primesWithPayload(input: { primesBelow: number; payload: unknown }): number {
  return countPrimes(input.primesBelow);
}

export const primesWithPayloadTask = defineTask(__filename, primesWithPayload);

/** Median seconds of `repetitions` runs of fn, after one untimed run. */
async function medianSeconds(fn: () => Promise<unknown>, repetitions: number): Promise<number> {
  await fn();
  const seconds: number[] = [];
  for (let run = 0; run < repetitions; run += 1) {
    const started = performance.now();
    await fn();
    seconds.push((performance.now() - started) / 1000);
  }
  return median(seconds);
}

/** Runs body with a fresh runner whose workers are already started, and closes it after. */
async function withWarmRunner<T>(kind: LocalRunnerKind, workers: number, body: (runner: Runner) => Promise<T>): Promise<T> {
  const runner = createRunner(kind, { workers });
  try {
    await runner.map((x: number) => x, Array.from({ length: workers }, (_, index) => index), { chunksize: 1 });
    return await body(runner);
  } finally {
    await runner.close();
  }
}

export interface ChunksizeRecord {
  kind: LocalRunnerKind;
  workers: number;
  chunksize: number;
  tasks: number;
  /** Messages to the workers per run: one per chunk. */
  roundTrips: number;
  seconds: number;
  tasksPerSecond: number;
}

/** Throughput of one workload through `map` at each chunk size (anti-pattern 1: too many round trips). */
export async function measureChunksizes<I>(options: {
  kind: LocalRunnerKind;
  workers: number;
  task: TaskLike<I, unknown>;
  inputs: readonly I[];
  chunksizes: readonly number[];
  repetitions?: number;
  onProgress?: ProgressCallback;
}): Promise<ChunksizeRecord[]> {
  const { kind, workers, task, inputs, chunksizes } = options;
  return withWarmRunner(kind, workers, async (runner) => {
    const records: ChunksizeRecord[] = [];
    for (const chunksize of chunksizes) {
      const seconds = await medianSeconds(() => runner.map(task, inputs, { chunksize }), options.repetitions ?? 3);
      const tasks = inputs.length;
      records.push({ kind, workers, chunksize, tasks, roundTrips: Math.ceil(tasks / chunksize), seconds, tasksPerSecond: tasks / seconds });
      options.onProgress?.({ label: `${kind}: chunk sizes`, done: records.length, total: chunksizes.length });
    }
    return records;
  });
}

export interface OverheadRecord {
  kind: LocalRunnerKind;
  workers: number;
  /** The work one task was calibrated to. */
  targetWorkMs: number;
  /** One task's work, timed in the caller. */
  workMs: number;
  tasks: number;
  /** Time the work would take spread perfectly over the workers. */
  idealSeconds: number;
  seconds: number;
  /** Share of the run's time that was not useful work: 1 − ideal / measured (0 when measured beats ideal). */
  overheadShare: number;
}

/**
 * Anti-pattern 2, too little work per trip: tasks of growing size sent one per message (chunksize 1),
 * each size with about `budgetMs` of work in total (at most maxTasks tasks).
 */
export async function measureOverheadShare(options: {
  kind: LocalRunnerKind;
  workers: number;
  workMs: readonly number[];
  budgetMs: number;
  maxTasks?: number;
  repetitions?: number;
  onProgress?: ProgressCallback;
}): Promise<OverheadRecord[]> {
  const { kind, workers } = options;
  return withWarmRunner(kind, workers, async (runner) => {
    const records: OverheadRecord[] = [];
    for (const targetWorkMs of options.workMs) {
      const limit = calibrateCountPrimes(targetWorkMs);
      const tasks = Math.max(workers, Math.min(options.maxTasks ?? 2000, Math.round(options.budgetMs / targetWorkMs)));
      const inputs = Array.from({ length: tasks }, () => limit);
      const workMs = (1000 * (await medianSeconds(async () => inputs.forEach(countPrimes), 3))) / tasks;
      const seconds = await medianSeconds(() => runner.map(countPrimesTask, inputs, { chunksize: 1 }), options.repetitions ?? 3);
      const idealSeconds = (tasks * workMs) / 1000 / workers;
      records.push({ kind, workers, targetWorkMs, workMs, tasks, idealSeconds, seconds, overheadShare: Math.max(0, 1 - idealSeconds / seconds) });
      options.onProgress?.({ label: `${kind}: work per task`, done: records.length, total: options.workMs.length });
    }
    return records;
  });
}

export interface PayloadRecord {
  kind: LocalRunnerKind;
  workers: number;
  payloadBytes: number;
  tasks: number;
  seconds: number;
  tasksPerSecond: number;
}

/** Anti-pattern 3, too much data per trip: the same CPU task sent with payloads of growing size. */
export async function measurePayloadThroughput(options: {
  kind: LocalRunnerKind;
  workers: number;
  primesBelow: number;
  tasks: number;
  payloadBytes: readonly number[];
  repetitions?: number;
  onProgress?: ProgressCallback;
}): Promise<PayloadRecord[]> {
  const { kind, workers, tasks } = options;
  return withWarmRunner(kind, workers, async (runner) => {
    const records: PayloadRecord[] = [];
    for (const payloadBytes of options.payloadBytes) {
      // Text survives every channel (JSON included) and its size in bytes is its length.
      const inputs = Array.from({ length: tasks }, () => ({ primesBelow: options.primesBelow, payload: "x".repeat(payloadBytes) }));
      const seconds = await medianSeconds(() => runner.map(primesWithPayloadTask, inputs, { chunksize: 1 }), options.repetitions ?? 3);
      records.push({ kind, workers, payloadBytes, tasks, seconds, tasksPerSecond: tasks / seconds });
      options.onProgress?.({ label: `${kind}: payload size`, done: records.length, total: options.payloadBytes.length });
    }
    return records;
  });
}
