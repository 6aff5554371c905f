// Parent side: the outcomes of one batch (a chunk of inputs for one task) as they arrive,
// from however many attempts it takes — a worker that died mid-chunk leaves some inputs
// done and others to run again. The batch settles once, when every input has an outcome.
import type { Outcome } from "./base-runner";
import { errorFromWorker, TaskAbortedError, TaskCancelledError, type ChunkPosition, type SerializedError } from "./errors";
import type { TaskSpec } from "./protocol/messages";
import type { TransferListItem } from "node:worker_threads";

/** What a runner readied for sending a batch: the task, and the inputs in their wire form. */
export interface SentInputs {
  name: string;
  spec: TaskSpec;
  key: string;
  wire: unknown[];
  /** Inputs carry shared-memory primitives to rebuild on the worker side. */
  revive: boolean;
  /** Where the chunk starts in map's inputs, for messages (undefined for submit). */
  firstIndex: number | undefined;
}

/** One batch as a runner sends it to workers (a pool, or the distributed queue). */
export interface SentBatch {
  inputs: unknown[];
  prepared: SentInputs;
  settle: boolean;
  /** Per input; a chunk's limit is this times its size, counted from when it starts running. */
  timeoutMs: number | undefined;
  signal: AbortSignal | undefined;
  cancel: AbortSignal | undefined;
  transferList: readonly TransferListItem[] | undefined;
}

export class BatchRun {
  private readonly outcomes: Outcome[];
  private missing: number;
  settled = false;

  /** onSettled: one function for all of a runner's batches (no closure per batch on the hot path). */
  constructor(
    readonly batch: SentBatch,
    private readonly resolve: (outcomes: Outcome[]) => void,
    private readonly onSettled?: () => void,
  ) {
    this.outcomes = new Array<Outcome>(batch.inputs.length);
    this.missing = batch.inputs.length;
  }

  get size(): number {
    return this.batch.inputs.length;
  }

  get name(): string {
    return this.batch.prepared.name;
  }

  has(index: number): boolean {
    return this.outcomes[index] !== undefined;
  }

  position(index: number): ChunkPosition {
    return { index, size: this.size, firstIndex: this.batch.prepared.firstIndex };
  }

  /** Keeps the first outcome per input. A failure without settle cancels the inputs after it. */
  record(index: number, outcome: Outcome): void {
    if (!this.set(index, outcome)) return;
    if (outcome.status === "rejected" && !this.batch.settle) {
      for (let later = index + 1; later < this.size; later += 1) {
        this.set(later, { status: "rejected", reason: new TaskCancelledError(this.name, this.batch.inputs[later]) });
      }
    }
    if (this.missing === 0) this.finish();
  }

  /**
   * Outcomes as workers send them, pairs (1, value) or (0, error) read from flat[start] on,
   * for `count` inputs from input `from` on.
   */
  recordPairs(from: number, flat: readonly unknown[], start: number, count: number): void {
    for (let offset = 0; offset < count; offset += 1) {
      const index = from + offset;
      const value = flat[start + 2 * offset + 1];
      if (flat[start + 2 * offset] === 1) this.record(index, { status: "fulfilled", value });
      else
        this.record(index, {
          status: "rejected",
          reason: errorFromWorker(this.name, this.batch.prepared.spec, this.batch.inputs[index], value as SerializedError),
        });
    }
  }

  /**
   * Before anything is sent: fails the whole batch when the runner is broken, or its signal
   * or its map's canceller already fired. Says whether it did.
   */
  stoppedBeforeStart(broken: Error | undefined): boolean {
    const { signal, cancel } = this.batch;
    if (broken !== undefined) this.fail(0, this.size, () => broken);
    else if (signal?.aborted === true) this.fail(0, this.size, (input) => new TaskAbortedError(this.name, input, signal.reason));
    else if (cancel?.aborted === true) this.fail(0, this.size, (input) => new TaskCancelledError(this.name, input));
    return this.settled;
  }

  /** Every input from..to-1 still without an outcome gets the error (an abort, a broken pool). */
  fail(from: number, to: number, errorFor: (input: unknown, index: number) => Error): void {
    for (let index = from; index < to; index += 1) this.set(index, { status: "rejected", reason: errorFor(this.batch.inputs[index], index) });
    if (this.missing === 0) this.finish();
  }

  private set(index: number, outcome: Outcome): boolean {
    if (this.settled || this.outcomes[index] !== undefined) return false;
    this.outcomes[index] = outcome;
    this.missing -= 1;
    return true;
  }

  /** The runs of consecutive inputs in from..to-1 that still have no outcome. */
  gaps(from: number, to: number): Array<[number, number]> {
    const gaps: Array<[number, number]> = [];
    for (let index = from; index < to; index += 1) {
      if (this.has(index)) continue;
      const last = gaps[gaps.length - 1];
      if (last !== undefined && last[1] === index) last[1] = index + 1;
      else gaps.push([index, index + 1]);
    }
    return gaps;
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(this.outcomes);
    this.onSettled?.();
  }
}
