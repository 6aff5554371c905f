// Throughput of one workload across runner kinds and worker counts, as tidy
// records (one row per kind × workers) ready for a plot or a table.
import { createRunner, type LocalRunnerKind } from "../runners/create-runner";
import type { TaskLike } from "../runners/task";
import type { ProgressCallback } from "./progress";
import { median, relativeSpread } from "./stats";

export interface Workload<I> {
  name?: string;
  task: TaskLike<I, unknown>;
  inputs: readonly I[];
}

export interface ThroughputOptions<I> {
  kinds: readonly LocalRunnerKind[];
  workers: readonly number[];
  workload: Workload<I>;
  /** Timed runs per configuration; the record keeps their median. Default 3. */
  repetitions?: number;
  /** Untimed runs first (worker start-up, JIT). Default 1. */
  warmup?: number;
  /** Passed to map; default: automatic. */
  chunksize?: number;
  onProgress?: ProgressCallback;
}

export interface ThroughputRecord {
  kind: LocalRunnerKind;
  workers: number;
  tasks: number;
  /** Median wall time of one run of the whole workload. */
  seconds: number;
  tasksPerSecond: number;
  /** (max − min) / median of the repetitions' times. */
  spread: number;
}

export async function measureThroughput<I>(options: ThroughputOptions<I>): Promise<ThroughputRecord[]> {
  const repetitions = options.repetitions ?? 3;
  const warmup = options.warmup ?? 1;
  if (!(Number.isInteger(repetitions) && repetitions >= 1)) throw new RangeError(`repetitions must be a whole number >= 1, got ${repetitions}.`);
  const records: ThroughputRecord[] = [];
  const total = options.kinds.length * options.workers.length * (repetitions + warmup);
  let done = 0;
  const label = `throughput${options.workload.name === undefined ? "" : ` of ${options.workload.name}`}`;
  for (const kind of options.kinds) {
    for (const workers of options.workers) {
      const runner = createRunner(kind, { workers });
      const seconds: number[] = [];
      try {
        for (let run = 0; run < warmup + repetitions; run += 1) {
          const started = performance.now();
          await runner.map(options.workload.task, options.workload.inputs, { chunksize: options.chunksize });
          if (run >= warmup) seconds.push((performance.now() - started) / 1000);
          done += 1;
          options.onProgress?.({ label, done, total });
        }
      } finally {
        await runner.close();
      }
      const typical = median(seconds);
      const tasks = options.workload.inputs.length;
      records.push({ kind, workers, tasks, seconds: typical, tasksPerSecond: tasks / typical, spread: relativeSpread(seconds) });
    }
  }
  return records;
}
