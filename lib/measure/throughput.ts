// Throughput of workloads across runners and worker counts, as tidy records (one row
// per line × workers) ready for a plot or a table. Repetitions run in interleaved rounds:
// on a machine whose load comes and goes, every configuration sees the same mix of quiet
// and busy moments, so their ratios stay fair. Each timed run gets a fresh runner, warmed
// untimed, so only one pool's workers exist at a time even in a sweep up to 2 × cores.
import { createRunner } from "../runners/create-runner";
import type { Runner, RunnerKind } from "../runners/runner";
import type { TaskLike } from "../runners/task";
import type { ProgressCallback } from "./progress";
import { median, relativeSpread } from "./stats";
import { measureWords } from "./words";

/** What a throughput measurement runs: one task over its inputs, the whole list per timed run. */
export interface Workload<I> {
  /** Shown in progress labels. */
  name?: string;
  task: TaskLike<I, unknown>;
  inputs: readonly I[];
}

/** A runner made some other way than createRunner(kind), e.g. a distributed one with options. */
export interface RunnerFactory {
  /** The line's name in plots and tables. */
  label: string;
  create: (workers: number) => Runner;
}

/** One line of a comparison: its name, how its runners are made, and what they run. */
export interface ThroughputSubject<I> {
  label: string;
  runner: RunnerKind | RunnerFactory["create"];
  workload: Workload<I>;
}

/** Options of measureSubjects (and, with kinds and workload, of measureThroughput). */
export interface RoundOptions {
  /** The worker counts to measure each subject at, e.g. [1, 2, 4]. */
  workers: readonly number[];
  /** Timed runs per configuration, one per round; the record keeps their median. Default 3. */
  repetitions?: number;
  /** Passed to map; default: automatic. */
  chunksize?: number;
  onProgress?: ProgressCallback;
}

/** Options of measureThroughput: the runners to compare, the workload, and the rounds. */
export interface ThroughputOptions<I> extends RoundOptions {
  /** Runner kinds ("threads", …) or factories; one line each. */
  kinds: readonly (RunnerKind | RunnerFactory)[];
  workload: Workload<I>;
}

/** One configuration's result: a runner (kind or label) at a worker count. Plots and tables take these as they are. */
export interface ThroughputRecord {
  /** The runner kind, or the label of a factory or subject. */
  kind: string;
  workers: number;
  tasks: number;
  /** Median wall time of one run of the whole workload. */
  seconds: number;
  tasksPerSecond: number;
  /** (max − min) / median of the repetitions' times. */
  spread: number;
}

/**
 * Throughput of one workload on several runners (kinds or factories) at several worker counts:
 * one record per runner × worker count, the median of `repetitions` timed runs. Runs interleave
 * in rounds, so a passing load spike affects all configurations alike. Each timed run gets a fresh
 * runner whose workers were started and given the task untimed; its close is not timed either.
 *
 * Python: `timeit` around `executor.map(fn, inputs)`, by hand for each executor and worker count.
 *
 * @example
 * const records = await measureThroughput({
 *   kinds: ["threads", "processes"],
 *   workers: [1, 2, 4],
 *   workload: { name: "countPrimes", task: countPrimesTask, inputs: Array(16).fill(calibrateCountPrimes(20)) },
 *   onProgress: createProgressReporter(),
 * });
 * plotThroughputVsWorkers(records);
 */
export function measureThroughput<I>(options: ThroughputOptions<I>): Promise<ThroughputRecord[]> {
  const subjects = options.kinds.map((kind): ThroughputSubject<I> =>
    typeof kind === "string"
      ? { label: kind, runner: kind, workload: options.workload }
      : { label: kind.label, runner: kind.create, workload: options.workload },
  );
  const name = options.workload.name;
  const onProgress = options.onProgress;
  return measureSubjects(subjects, {
    ...options,
    onProgress: onProgress && ((update) => onProgress({ ...update, label: name === undefined ? update.label : measureWords().workloadOn(name, update.label) })),
  });
}

/**
 * Each subject (its own runner and workload) at several worker counts, in interleaved rounds, as
 * measureThroughput does for one workload: use it to compare different tasks or set-ups. Throws
 * RangeError unless repetitions is a whole number >= 1.
 *
 * @example
 * const inputs = Array(8).fill(calibrateCountPrimes(10));
 * const records = await measureSubjects(
 *   [
 *     { label: "threads", runner: "threads", workload: { task: countPrimesTask, inputs } },
 *     { label: "processes", runner: "processes", workload: { task: countPrimesTask, inputs } },
 *   ],
 *   { workers: [1, 2] },
 * );
 */
export async function measureSubjects<I>(subjects: readonly ThroughputSubject<I>[], options: RoundOptions): Promise<ThroughputRecord[]> {
  const repetitions = options.repetitions ?? 3;
  if (!(Number.isInteger(repetitions) && repetitions >= 1)) throw new RangeError(`repetitions must be a whole number >= 1, got ${repetitions}.`);
  const configurations = subjects.flatMap((subject) => options.workers.map((workers) => ({ subject, workers, seconds: [] as number[] })));
  const total = configurations.length * repetitions;
  let done = 0;
  for (let round = 0; round < repetitions; round += 1) {
    // Every other round runs backwards, so no configuration always follows the same one.
    const order = round % 2 === 0 ? configurations : [...configurations].reverse();
    for (const configuration of order) {
      configuration.seconds.push(await timeOneRun(configuration.subject, configuration.workers, options.chunksize));
      done += 1;
      options.onProgress?.({ label: measureWords().workers(configuration.subject.label, configuration.workers), done, total });
    }
  }
  return configurations.map(({ subject, workers, seconds }) => {
    const typical = median(seconds);
    const tasks = subject.workload.inputs.length;
    return { kind: subject.label, workers, tasks, seconds: typical, tasksPerSecond: tasks / typical, spread: relativeSpread(seconds) };
  });
}

/** Seconds for one run of the workload on a fresh runner whose workers were started (and given the task) beforehand. */
async function timeOneRun<I>(subject: ThroughputSubject<I>, workers: number, chunksize: number | undefined): Promise<number> {
  const runner = typeof subject.runner === "string" ? createRunner(subject.runner, { workers }) : subject.runner(workers);
  try {
    await runner.map(subject.workload.task, subject.workload.inputs.slice(0, workers), { chunksize: 1 });
    const started = performance.now();
    await runner.map(subject.workload.task, subject.workload.inputs, { chunksize });
    return (performance.now() - started) / 1000;
  } finally {
    await runner.close();
  }
}
