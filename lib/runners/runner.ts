// The one interface every runner implements, so a notebook swaps "threads" for
// "processes" or "async" by changing one word. Vocabulary follows Python's
// multiprocessing.Pool / concurrent.futures.
import type { TransferListItem } from "node:worker_threads";
import type { TaskLike } from "./task";

/**
 * The five models of concurrency a runner can use, by the word `createRunner` takes:
 * "inline" (a plain loop in the caller), "async" (overlapping on the caller's event loop),
 * "threads" (worker_threads), "processes" (child processes), "distributed" (worker
 * processes fed by a BullMQ queue in Redis). `runner.kind` says which one a runner is.
 *
 * Python: the choice between a plain loop, asyncio, `ThreadPoolExecutor`,
 * `ProcessPoolExecutor` / `multiprocessing.Pool` and a job queue such as Celery.
 *
 * @example
 * const kinds: RunnerKind[] = ["threads", "processes"];
 * for (const kind of kinds) {
 *   const runner = createRunner(kind, { workers: 2 });
 *   console.log(kind, await runner.map(countPrimesTask, [10_000, 20_000]));
 *   await runner.close();
 * }
 */
export type RunnerKind = "inline" | "async" | "threads" | "processes" | "distributed";

/**
 * Work each new worker does once, before its first task: load a file, build a lookup table,
 * open a connection, and keep it in a global the tasks read. Either a task that takes no
 * input, or `{ task, input }` to give it one (the input travels like a task's input). Thread
 * and process workers run it when they start (replacements too); a distributed worker when
 * it starts; inline and async runners once, in the caller, before the first task. If it
 * throws, the runner stops: every pending and later task fails with InitializerError.
 *
 * Python: `multiprocessing.Pool(initializer=f, initargs=(…,))`, and the same arguments of
 * `ProcessPoolExecutor` and `ThreadPoolExecutor`.
 *
 * @example
 * const runner = createRunner("processes", {
 *   workers: 2,
 *   initializer: {
 *     task: (size: number) => { (globalThis as Record<string, unknown>).squares = Array.from({ length: size }, (_, i) => i * i); },
 *     input: 1000,
 *   },
 * });
 * await runner.map((i: number) => ((globalThis as Record<string, unknown>).squares as number[])[i], [3, 4]); // [9, 16]
 * await runner.close();
 */
export type Initializer =
  | TaskLike<undefined, unknown>
  | {
      /** The function (or defineTask task) to run in each new worker. */
      task: TaskLike<never, unknown>;
      /** What it is called with; it travels to the worker like a task's input. */
      input: unknown;
    };

/**
 * Options every runner takes (`createRunner(kind, options)`, `new ThreadRunner(options)`).
 * All are optional; a wrong value throws InvalidOptionError when the runner is created.
 *
 * Python: the arguments of `multiprocessing.Pool(processes, initializer, initargs,
 * maxtasksperchild)` and `ThreadPoolExecutor(max_workers, initializer)`.
 *
 * @example
 * const runner = createRunner("threads", { workers: 4, timeoutMs: 5_000, maxTasksPerWorker: 100 });
 */
export interface RunnerOptions {
  /**
   * How many tasks run at once: worker threads or processes in the pool, tasks in flight for
   * "async", worker processes started on this machine for "distributed" (each runs
   * `concurrency` jobs). "inline" always uses 1. Default: os.availableParallelism().
   */
  workers?: number;
  /**
   * Threads and processes: replace a worker once it has been given this many inputs, to
   * release memory a task leaks. Inline and async runners ignore it; distributed refuses it.
   * Python: `maxtasksperchild`.
   */
  maxTasksPerWorker?: number;
  /** Runs once in every new worker before its first task, e.g. to load data (see Initializer). */
  initializer?: Initializer;
  /**
   * Threads and processes: a worker with nothing to do for this long exits, and a new one
   * starts when work arrives. Default: workers stay until close(). Inline and async runners
   * ignore it; distributed refuses it.
   */
  idleTimeoutMs?: number;
  /**
   * Default limit on a task's own running time, counted from when a worker starts it (waiting
   * in the queue does not count); a chunk of n inputs gets n × timeoutMs. Past it the task
   * rejects with TaskTimeoutError, and a thread or process worker running it is stopped and
   * replaced. Inline and async runners can only stop waiting: the function runs on.
   */
  timeoutMs?: number;
  /**
   * Aborting it rejects every task of this runner with TaskAbortedError, queued or running,
   * and stops the workers running them. Default: inside the course kernel, each call is tied
   * to the cell that makes it, so interrupting that cell aborts its tasks; giving a signal
   * replaces that.
   */
  signal?: AbortSignal;
}

/**
 * Options of the process runner: RunnerOptions plus how messages are encoded on their way
 * to and from the child processes.
 *
 * Python: none; multiprocessing always pickles. "json" carries plain data only; "advanced"
 * carries what structured clone can, which is closer to pickle.
 *
 * @example
 * const runner = createRunner("processes", { workers: 2, serialization: "advanced" });
 * await runner.submit((counts: Map<string, number>) => counts.size, new Map([["a", 1]])); // 1
 */
export interface ProcessRunnerOptions extends RunnerOptions {
  /**
   * How inputs and results cross to child processes: "json" (Node's default; a Map, Set,
   * Date, typed array, bigint, NaN or Infinity is refused with NotSerializableError) or
   * "advanced" (Node's structured clone, which carries them). Default "json".
   */
  serialization?: "json" | "advanced";
}

/**
 * Per-call options of `runner.submit`.
 *
 * Python: none on `executor.submit`; `future.cancel()` and a time limit are done by hand.
 *
 * @example
 * const controller = new AbortController();
 * const counting = runner.submit(countPrimesTask, 50_000_000, { signal: controller.signal, timeoutMs: 10_000 });
 * setTimeout(() => controller.abort(), 100);
 * console.log(await counting.catch((error: Error) => error.name)); // "AbortError" (a TaskAbortedError); its worker was stopped
 */
export interface SubmitOptions {
  /** Aborting it rejects this task with TaskAbortedError and stops the worker running it. */
  signal?: AbortSignal;
  /** This task's limit on its own running time (see RunnerOptions.timeoutMs). */
  timeoutMs?: number;
  /**
   * Threads only: ArrayBuffers (or MessagePorts) in the input to move to the worker instead of
   * copying them; afterwards they are empty (detached) in the caller. Processes and distributed
   * refuse it with InvalidOptionError; inline and async runners pass the input as it is anyway.
   */
  transferList?: readonly TransferListItem[];
}

/**
 * Per-call options of `runner.map`, `imap` and `imapUnordered`.
 *
 * Python: the `chunksize` argument of `Pool.map` / `imap` / `imap_unordered`.
 *
 * @example
 * const limits = Array.from({ length: 1_000 }, (_, i) => 1_000 + i);
 * const counts = await runner.map(countPrimesTask, limits, { chunksize: 50, timeoutMs: 2_000 });
 */
export interface MapOptions {
  /**
   * Inputs sent to a worker in one message, and run there one after the other: bigger chunks
   * mean fewer messages for many small tasks. map default: about four chunks per worker, like
   * Python's Pool.map; imap and imapUnordered default 1.
   */
  chunksize?: number;
  /** Aborting it rejects the call's unfinished tasks with TaskAbortedError and stops the workers running them. */
  signal?: AbortSignal;
  /** Limit on each task's own running time; a chunk gets chunksize × timeoutMs from when it starts. */
  timeoutMs?: number;
}

/**
 * What every runner can do, whatever its kind: a notebook swaps "threads" for "processes" or
 * "async" by changing one word. Get one from `createRunner`, and close it when done (inside a
 * function, `await using runner = createRunner(…)` closes it when the function returns).
 *
 * Python: `concurrent.futures.Executor` and `multiprocessing.Pool` in one interface.
 *
 * @example
 * async function countAll(runner: Runner, limits: number[]): Promise<number> {
 *   const counts = await runner.map(countPrimesTask, limits);
 *   return counts.reduce((sum, count) => sum + count, 0);
 * }
 * const threads = createRunner("threads", { workers: 2 });
 * console.log(await countAll(threads, [10_000, 20_000])); // 3491
 * await threads.close();
 */
export interface Runner extends AsyncDisposable {
  /** Which model of concurrency this runner uses ("inline", "async", "threads", "processes", "distributed"). */
  readonly kind: RunnerKind;
  /** How many tasks it runs at once (see RunnerOptions.workers); 1 for "inline". */
  readonly workers: number;
  /**
   * Runs one task on one input; the promise is the future. It rejects with TaskError when the
   * task throws (or another RunnerError: a timeout, an abort, a dead worker). Thread, process
   * and distributed runners refuse an input that cannot be sent before anything runs
   * (NotSerializableError, OuterVariableError).
   *
   * Python: `executor.submit(fn, arg)` or `pool.apply_async(fn, (arg,))`.
   *
   * @example
   * const count = await runner.submit(countPrimesTask, 100_000); // 9592
   */
  submit<I, O>(task: TaskLike<I, O>, input: I, options?: SubmitOptions): Promise<O>;
  /**
   * Runs the task on every input and resolves with the results in input order. At the first
   * failure it rejects with that error and cancels the chunks not yet started
   * (TaskCancelledError).
   *
   * Python: `Pool.map(fn, inputs, chunksize)`, which instead waits for all chunks, then raises
   * the first error.
   *
   * @example
   * const counts = await runner.map(countPrimesTask, [10_000, 20_000, 30_000]); // [1229, 2262, 3245]
   */
  map<I, O>(task: TaskLike<I, O>, inputs: Iterable<I>, options?: MapOptions & { settle?: false }): Promise<O[]>;
  /**
   * With settle: true, every outcome in input order, each `{ status: "fulfilled", value }` or
   * `{ status: "rejected", reason }`, like Promise.allSettled: one failure stops nothing.
   *
   * Python: no such mode in `Pool.map`; the nearest is `asyncio.gather(…, return_exceptions=True)`.
   *
   * @example
   * const outcomes = await runner.map((text: string) => JSON.parse(text) as number, ["1", "oops", "3"], { settle: true });
   * const failed = outcomes.filter((outcome) => outcome.status === "rejected"); // one TaskError, for "oops"
   */
  map<I, O>(task: TaskLike<I, O>, inputs: Iterable<I>, options: MapOptions & { settle: true }): Promise<PromiseSettledResult<O>[]>;
  /**
   * Results in input order, one at a time, as a `for await` loop asks for them. Inputs are read
   * lazily (an endless or async source is fine) and only about two chunks per worker are in
   * flight, so memory stays small. A failure throws when the loop reaches its place; leaving
   * the loop early cancels what has not started.
   *
   * Python: `Pool.imap(fn, inputs, chunksize)`.
   *
   * @example
   * for await (const count of runner.imap(countPrimesTask, [10_000, 20_000, 30_000])) console.log(count);
   */
  imap<I, O>(task: TaskLike<I, O>, inputs: Iterable<I> | AsyncIterable<I>, options?: MapOptions): AsyncIterableIterator<O>;
  /**
   * Like imap, but each result as soon as it is ready: completion order, each exactly once.
   * Use it when the order does not matter and slow inputs should not hold up fast ones.
   *
   * Python: `Pool.imap_unordered(fn, inputs, chunksize)`.
   *
   * @example
   * // With two or more workers, 1229 (the small input) arrives first:
   * for await (const count of runner.imapUnordered(countPrimesTask, [3_000_000, 10_000])) console.log(count);
   */
  imapUnordered<I, O>(task: TaskLike<I, O>, inputs: Iterable<I> | AsyncIterable<I>, options?: MapOptions): AsyncIterableIterator<O>;
  /**
   * The values of the given promises in the order they settle; throws the first rejection it
   * reaches. The same as the `asCompleted` function.
   *
   * Python: `concurrent.futures.as_completed(futures)`, which yields the futures themselves.
   *
   * @example
   * const futures = [3_000_000, 10_000].map((limit) => runner.submit(countPrimesTask, limit));
   * for await (const count of runner.asCompleted(futures)) console.log(count); // 1229 first (with 2+ workers)
   */
  asCompleted<T>(futures: Iterable<Promise<T>>): AsyncIterableIterator<T>;
  /**
   * Lets the work already submitted finish, then stops the workers; resolves once they are
   * gone. Submitting afterwards fails with RunnerClosedError. `await using` calls it for you.
   *
   * Python: `pool.close()` followed by `pool.join()`, or `executor.shutdown(wait=True)`.
   *
   * @example
   * const runner = createRunner("threads", { workers: 2 });
   * const counts = await runner.map(countPrimesTask, [10_000, 20_000]);
   * await runner.close();
   */
  close(): Promise<void>;
  /**
   * Stops now: unfinished tasks reject with RunnerClosedError and the workers are killed (thread
   * and process workers, and the distributed runner's own worker processes). Inline and async
   * runners cannot stop a running function: its promise rejects and the function runs on.
   *
   * Python: `pool.terminate()`.
   *
   * @example
   * const counting = runner.submit(countPrimesTask, 50_000_000).catch((error: Error) => error);
   * await runner.terminate();
   * console.log((await counting).name); // "RunnerClosedError"
   */
  terminate(): Promise<void>;
}
