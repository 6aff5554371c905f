// The one interface every runner implements, so a notebook swaps "threads" for
// "processes" or "async" by changing one word. Vocabulary follows Python's
// multiprocessing.Pool / concurrent.futures.
import type { TransferListItem } from "node:worker_threads";
import type { TaskLike } from "./task";

/** "distributed" is lib/runners/distributed (BullMQ + Redis), built on the same base. */
export type RunnerKind = "inline" | "async" | "threads" | "processes" | "distributed";

export type Initializer = TaskLike<undefined, unknown> | { task: TaskLike<never, unknown>; input: unknown };

export interface RunnerOptions {
  /** Workers in the pool (threads, processes) or tasks at once (async). Default: os.availableParallelism(). */
  workers?: number;
  /** Replace a worker after it ran this many tasks (Python's maxtasksperchild). */
  maxTasksPerWorker?: number;
  /** Runs once in every new worker before its first task, e.g. to load data. */
  initializer?: Initializer;
  /** A worker idle this long exits; a new one starts when work arrives. */
  idleTimeoutMs?: number;
  /**
   * Default limit on a task's own running time, counted from when a worker starts it (waiting in the
   * queue does not count). Past it the task rejects with TaskTimeoutError and its worker is stopped and replaced.
   */
  timeoutMs?: number;
  /** Aborts every task of this runner. Default: the running cell's signal inside our kernel. */
  signal?: AbortSignal;
}

export interface ProcessRunnerOptions extends RunnerOptions {
  /** How messages cross to child processes: "json" (Node's default) or "advanced" (structured clone). */
  serialization?: "json" | "advanced";
}

export interface SubmitOptions {
  signal?: AbortSignal;
  /** This task's limit on its own running time (see RunnerOptions.timeoutMs). */
  timeoutMs?: number;
  /** Threads only: ArrayBuffers (or MessagePorts) in the input to move instead of copy. */
  transferList?: readonly TransferListItem[];
}

export interface MapOptions {
  /** Inputs per message to a worker. map default: automatic like Python's Pool.map; imap default 1. */
  chunksize?: number;
  signal?: AbortSignal;
  /** Limit on each task's own running time; a chunk gets chunksize × timeoutMs from when it starts. */
  timeoutMs?: number;
}

export interface Runner extends AsyncDisposable {
  readonly kind: RunnerKind;
  readonly workers: number;
  /** Runs one task; the promise is the future. */
  submit<I, O>(task: TaskLike<I, O>, input: I, options?: SubmitOptions): Promise<O>;
  /**
   * Results in input order; rejects with the first failure and cancels the tasks not yet started
   * (Python's Pool.map waits for all chunks first, then raises the first error).
   */
  map<I, O>(task: TaskLike<I, O>, inputs: Iterable<I>, options?: MapOptions & { settle?: false }): Promise<O[]>;
  /** With settle: true, every outcome, in input order (like Promise.allSettled). */
  map<I, O>(task: TaskLike<I, O>, inputs: Iterable<I>, options: MapOptions & { settle: true }): Promise<PromiseSettledResult<O>[]>;
  /** Results in input order, produced lazily as inputs are consumed. */
  imap<I, O>(task: TaskLike<I, O>, inputs: Iterable<I> | AsyncIterable<I>, options?: MapOptions): AsyncIterableIterator<O>;
  /** Results in completion order, each exactly once. */
  imapUnordered<I, O>(task: TaskLike<I, O>, inputs: Iterable<I> | AsyncIterable<I>, options?: MapOptions): AsyncIterableIterator<O>;
  /** Values of the given futures in the order they settle (concurrent.futures.as_completed). */
  asCompleted<T>(futures: Iterable<Promise<T>>): AsyncIterableIterator<T>;
  /** Finishes queued work, then stops the workers. */
  close(): Promise<void>;
  /** Stops now; unfinished tasks reject. */
  terminate(): Promise<void>;
}
