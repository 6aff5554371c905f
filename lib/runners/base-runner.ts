// What every runner shares: submit, map with chunking, imap, imapUnordered,
// asCompleted and the closed/terminated life cycle, all built on one primitive:
// run a batch (a chunk of inputs for one task) and report every outcome.
import os from "node:os";
import { cellSignal } from "../kernel-hook";
import { asCompleted } from "./as-completed";
import { CompletionQueue } from "./completion-queue";
import { InvalidOptionError, RunnerClosedError } from "./errors";
import type { MapOptions, Runner, RunnerKind, RunnerOptions, SubmitOptions } from "./runner";
import type { TaskLike } from "./task";
import type { TransferListItem } from "node:worker_threads";

export type Outcome = PromiseSettledResult<unknown>;

/** One rejection per input: a batch that fails as a whole. */
export function rejectedOutcomes(inputs: readonly unknown[], errorFor: (input: unknown) => Error): Outcome[] {
  return inputs.map((input): Outcome => ({ status: "rejected", reason: errorFor(input) }));
}

/** One chunk of inputs for one task, with everything that can stop it. */
export interface Batch<Prepared> {
  task: TaskLike<never, unknown>;
  inputs: unknown[];
  prepared: Prepared;
  settle: boolean;
  signal: AbortSignal | undefined;
  /** Aborted by map/imap when it gives up (first failure, or the consumer stopped). */
  cancel: AbortSignal | undefined;
  timeoutMs: number | undefined;
  transferList: readonly TransferListItem[] | undefined;
}

export function defaultWorkerCount(): number {
  return os.availableParallelism();
}

export function checkWorkers(workers: unknown): number {
  if (workers === undefined) return defaultWorkerCount();
  if (typeof workers !== "number" || !Number.isInteger(workers) || workers < 1) throw new InvalidOptionError("workers", workers, "a whole number >= 1");
  return workers;
}

function checkTimeout(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value > 0)) throw new InvalidOptionError(name, value, "a number of milliseconds > 0");
  return value;
}

/** Python's Pool.map: about four chunks per worker. */
export function automaticChunksize(inputCount: number, workers: number): number {
  return Math.max(1, Math.ceil(inputCount / (workers * 4)));
}

function checkChunksize(chunksize: unknown): number {
  if (typeof chunksize !== "number" || !Number.isInteger(chunksize) || chunksize < 1)
    throw new InvalidOptionError("chunksize", chunksize, "a whole number >= 1");
  return chunksize;
}

const noOptions: SubmitOptions = {};

/** submit's value: the one outcome of its batch of one. */
function onlyOutcome(outcomes: Outcome[]): unknown {
  const outcome = outcomes[0];
  if (outcome === undefined) throw new Error("internal: a batch of one input produced no outcome");
  if (outcome.status === "rejected") throw outcome.reason;
  return outcome.value;
}

export abstract class RunnerBase<Prepared> implements Runner {
  abstract readonly kind: RunnerKind;
  readonly workers: number;
  protected readonly timeoutMs: number | undefined;
  private readonly runnerSignal: AbortSignal | undefined;
  private ending: { how: "closed" | "terminated"; done: Promise<void> } | undefined;

  constructor(options: RunnerOptions) {
    this.workers = checkWorkers(options.workers);
    this.timeoutMs = checkTimeout("timeoutMs", options.timeoutMs);
    checkTimeout("idleTimeoutMs", options.idleTimeoutMs);
    if (options.maxTasksPerWorker !== undefined && !(Number.isInteger(options.maxTasksPerWorker) && options.maxTasksPerWorker >= 1)) {
      throw new InvalidOptionError("maxTasksPerWorker", options.maxTasksPerWorker, "a whole number >= 1");
    }
    this.runnerSignal = options.signal;
  }

  /** Checks the task and inputs and readies them for sending; throws before anything is sent. */
  protected abstract prepare(task: TaskLike<never, unknown>, inputs: unknown[], firstIndex: number | undefined, options: SubmitOptions): Prepared;

  /** Runs a batch; resolves with one outcome per input, in order. Never rejects. */
  protected abstract runBatch(batch: Batch<Prepared>): Promise<Outcome[]>;

  protected abstract shutdown(how: "closed" | "terminated"): Promise<void>;

  private batchOf(
    task: TaskLike<never, unknown>,
    inputs: unknown[],
    firstIndex: number | undefined,
    options: SubmitOptions & { settle?: boolean },
    cancel?: AbortSignal,
  ): Batch<Prepared> {
    this.ensureOpen();
    const timeoutMs = checkTimeout("timeoutMs", options.timeoutMs) ?? this.timeoutMs;
    return {
      task,
      inputs,
      prepared: this.prepare(task, inputs, firstIndex, options),
      settle: options.settle === true,
      signal: this.signalFor(options.signal),
      cancel,
      timeoutMs,
      transferList: options.transferList,
    };
  }

  private ensureOpen(): void {
    if (this.ending !== undefined) throw new RunnerClosedError(this.kind, this.ending.how);
  }

  /** The call's signal, the runner's, and (inside our kernel) the running cell's. */
  private signalFor(callSignal: AbortSignal | undefined): AbortSignal | undefined {
    const runnerSignal = this.runnerSignal ?? cellSignal();
    if (callSignal === undefined) return runnerSignal;
    if (runnerSignal === undefined) return callSignal;
    return AbortSignal.any([callSignal, runnerSignal]);
  }

  submit<I, O>(task: TaskLike<I, O>, input: I, options: SubmitOptions = noOptions): Promise<O> {
    try {
      return this.runBatch(this.batchOf(task as TaskLike<never, unknown>, [input], undefined, options)).then(onlyOutcome) as Promise<O>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  map<I, O>(task: TaskLike<I, O>, inputs: Iterable<I>, options?: MapOptions & { settle?: false }): Promise<O[]>;
  map<I, O>(task: TaskLike<I, O>, inputs: Iterable<I>, options: MapOptions & { settle: true }): Promise<PromiseSettledResult<O>[]>;
  async map<I, O>(task: TaskLike<I, O>, inputs: Iterable<I>, options: MapOptions & { settle?: boolean } = {}): Promise<O[] | PromiseSettledResult<O>[]> {
    const all: unknown[] = [...inputs];
    const chunksize = options.chunksize === undefined ? automaticChunksize(all.length, this.workers) : checkChunksize(options.chunksize);
    const canceller = new AbortController();
    const batches: Batch<Prepared>[] = [];
    // Every chunk is checked before the first one is sent.
    for (let start = 0; start < all.length; start += chunksize) {
      batches.push(this.batchOf(task, all.slice(start, start + chunksize), start, options, canceller.signal));
    }
    const running = batches.map((batch) => this.runBatch(batch));
    if (options.settle === true) return (await Promise.all(running)).flat() as PromiseSettledResult<O>[];
    return new Promise<O[]>((resolve, reject) => {
      let finished = 0;
      const results: unknown[][] = new Array<unknown[]>(running.length);
      if (running.length === 0) resolve([]);
      running.forEach((promise, index) => {
        void promise.then((outcomes) => {
          const failure = outcomes.find((outcome) => outcome.status === "rejected");
          if (failure !== undefined) {
            canceller.abort();
            reject(failure.reason);
            return;
          }
          results[index] = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value);
          finished += 1;
          if (finished === running.length) resolve(results.flat() as O[]);
        });
      });
    });
  }

  imap<I, O>(task: TaskLike<I, O>, inputs: Iterable<I> | AsyncIterable<I>, options: MapOptions = {}): AsyncIterableIterator<O> {
    return this.lazyMap(task, inputs, options, "ordered");
  }

  imapUnordered<I, O>(task: TaskLike<I, O>, inputs: Iterable<I> | AsyncIterable<I>, options: MapOptions = {}): AsyncIterableIterator<O> {
    return this.lazyMap(task, inputs, options, "completion");
  }

  asCompleted<T>(futures: Iterable<Promise<T>>): AsyncIterableIterator<T> {
    return asCompleted(futures);
  }

  /** Keeps a window of chunks in flight, reading inputs only as results are taken. */
  private async *lazyMap<I, O>(
    task: TaskLike<I, O>,
    inputs: Iterable<I> | AsyncIterable<I>,
    options: MapOptions,
    order: "ordered" | "completion",
  ): AsyncIterableIterator<O> {
    const chunksize = options.chunksize === undefined ? 1 : checkChunksize(options.chunksize);
    const window = Math.max(2, this.workers * 2);
    const canceller = new AbortController();
    const source = toAsyncIterator(inputs);
    let nextIndex = 0;
    let exhausted = false;
    // Wrapped so awaiting start() does not also await the batch.
    const start = async (): Promise<{ running: Promise<Outcome[]> } | undefined> => {
      const chunk: unknown[] = [];
      while (!exhausted && chunk.length < chunksize) {
        const step = await source.next();
        if (step.done === true) exhausted = true;
        else chunk.push(step.value);
      }
      if (chunk.length === 0) return undefined;
      const batch = this.batchOf(task, chunk, nextIndex, options, canceller.signal);
      nextIndex += chunk.length;
      return { running: this.runBatch(batch) };
    };
    const valuesOf = (outcomes: Outcome[]): O[] =>
      outcomes.map((outcome) => {
        if (outcome.status === "rejected") throw outcome.reason;
        return outcome.value as O;
      });
    try {
      if (order === "ordered") {
        const inFlight: Promise<Outcome[]>[] = [];
        for (;;) {
          while (!exhausted && inFlight.length < window) {
            const started = await start();
            if (started !== undefined) inFlight.push(started.running);
          }
          const head = inFlight.shift();
          if (head === undefined) return;
          yield* valuesOf(await head);
        }
      } else {
        const completed = new CompletionQueue<Outcome[]>();
        for (;;) {
          while (!exhausted && completed.size < window) {
            const started = await start();
            if (started !== undefined) completed.add(started.running);
          }
          const next = await completed.next();
          if (next === undefined) return;
          if (next.status === "fulfilled") yield* valuesOf(next.value);
        }
      }
    } finally {
      canceller.abort();
      if (!exhausted) await source.return?.();
    }
  }

  close(): Promise<void> {
    this.ending ??= { how: "closed", done: this.shutdown("closed") };
    return this.ending.done;
  }

  terminate(): Promise<void> {
    if (this.ending?.how !== "terminated") this.ending = { how: "terminated", done: this.shutdown("terminated") };
    return this.ending.done;
  }

  /** What `await using runner = …` calls at the end of its block: close(). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function toAsyncIterator<T>(inputs: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in inputs) return inputs[Symbol.asyncIterator]();
  const iterator = inputs[Symbol.iterator]();
  return {
    next: async () => iterator.next(),
    return: async () => iterator.return?.() ?? { done: true, value: undefined },
  };
}
