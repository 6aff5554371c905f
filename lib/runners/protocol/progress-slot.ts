// A few words of shared memory through which a worker says what it is running: the job
// and input whose synchronous code runs now, the async jobs it is waiting on, and the
// earliest deadline among its jobs with a time limit. The worker writes it on every input
// (plain stores, nanoseconds); whoever watches the worker reads it — the pool for a thread,
// the child's own sidecar thread for a process — to time jobs out by their own running
// time and, after a crash, to know which input caused it. Both sides import this module.
import { performance } from "node:perf_hooks";

const seqAt = 0; // input starts so far
const runningAt = 1; // job whose synchronous code runs (0: none)
const indexAt = 2; // its input index
const asyncPendingAt = 3; // jobs waiting on a promise
const asyncJobAt = 4; // the waiting job when there is only one, with its input index
const asyncIndexAt = 5;
const deadlineJobAt = 6; // job with the earliest deadline (0: none)
const deadlineIndexAt = 7; // its input index while it waits on a promise
/** Odd while the deadline is being written; waiters sleep on it. */
export const generationAt = 8;
/** The seq the sidecar reported as long-running (0: none). */
const noticedAt = 9;
const int32Slots = 12;
const deadlineByte = int32Slots * 4;
const bytes = deadlineByte + 8;

/** Milliseconds on a clock that every thread and process of this machine shares. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function createProgressBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

interface BookEntry {
  at: number;
  index: number;
}

/** Worker side. */
export class ProgressWriter {
  private readonly words: Int32Array;
  private readonly deadlineWord: Float64Array;
  private seq = 0;
  /** Jobs with a time limit that have started and not finished. */
  private readonly book = new Map<number, BookEntry>();
  private earliest = 0;
  /** Jobs waiting on a promise, with the input index each waits at. */
  private readonly waiting = new Map<number, number>();

  /** onMovedOn: the sidecar had reported an input as long-running and the worker left it. */
  constructor(
    private readonly buffer: SharedArrayBuffer,
    private readonly onMovedOn?: (seq: number) => void,
  ) {
    this.words = new Int32Array(buffer, 0, int32Slots);
    this.deadlineWord = new Float64Array(buffer, deadlineByte, 1);
  }

  /** A job starts; limitMs > 0 gives it a deadline counted from now. */
  startJob(id: number, limitMs: number): void {
    this.words[runningAt] = id;
    if (limitMs > 0) {
      const at = nowMs() + limitMs;
      this.book.set(id, { at, index: 0 });
      if (this.earliest === 0 || at < (this.book.get(this.earliest)?.at ?? Infinity)) this.publishDeadline(id, true);
    }
  }

  /** The job's input at `index` starts (synchronous part). */
  startInput(id: number, index: number): void {
    const seq = ++this.seq;
    const words = this.words;
    words[seqAt] = seq;
    words[runningAt] = id;
    words[indexAt] = index;
    const entry = this.earliest === id ? this.book.get(id) : undefined;
    if (entry !== undefined) entry.index = index;
    if (words[noticedAt] !== 0) this.leaveNoticed(seq);
  }

  /** The synchronous part is over (the job finished, or it now waits on a promise). */
  endSync(): void {
    this.words[runningAt] = 0;
  }

  /** The job's input at `index` returned a promise; the job continues when it settles. */
  startWaiting(id: number, index: number): void {
    this.words[runningAt] = 0;
    this.waiting.set(id, index);
    this.publishWaiting();
    const entry = this.book.get(id);
    if (entry !== undefined && this.earliest === id) {
      entry.index = index;
      this.publishDeadline(id, false);
    }
  }

  stopWaiting(id: number): void {
    this.waiting.delete(id);
    this.publishWaiting();
  }

  /** The count of waiting jobs, and which one it is when there is only one. */
  private publishWaiting(): void {
    const words = this.words;
    if (this.waiting.size === 1) {
      for (const [id, index] of this.waiting) {
        words[asyncJobAt] = id;
        words[asyncIndexAt] = index;
      }
    }
    words[asyncPendingAt] = this.waiting.size;
  }

  /** The job finished; its deadline, if any, is dropped. */
  endJob(id: number): void {
    if (this.words[runningAt] === id) this.words[runningAt] = 0;
    if (!this.book.delete(id) || this.earliest !== id) return;
    let next = 0;
    let nextAt = Infinity;
    for (const [other, entry] of this.book) {
      if (entry.at < nextAt) {
        next = other;
        nextAt = entry.at;
      }
    }
    this.publishDeadline(next, false);
  }

  /** What a reader would see now (the worker's own last words use it). */
  snapshot(): ProgressSnapshot {
    return readProgress(this.buffer);
  }

  private publishDeadline(id: number, wake: boolean): void {
    this.earliest = id;
    const words = this.words;
    Atomics.add(words, generationAt, 1);
    words[deadlineJobAt] = id;
    words[deadlineIndexAt] = this.book.get(id)?.index ?? 0;
    this.deadlineWord[0] = this.book.get(id)?.at ?? 0;
    Atomics.add(words, generationAt, 1);
    // A watcher asleep until a later deadline (or none) must look again.
    if (wake) Atomics.notify(words, generationAt);
  }

  private leaveNoticed(seq: number): void {
    const noticed = Atomics.load(this.words, noticedAt);
    if (noticed !== 0 && Atomics.compareExchange(this.words, noticedAt, noticed, 0) === noticed) this.onMovedOn?.(seq);
  }
}

export interface RunningInput {
  job: number;
  index: number;
}

export interface ProgressSnapshot {
  seq: number;
  /** The input whose synchronous code runs now. */
  running: RunningInput | undefined;
  /** How many jobs wait on a promise, and which one when it is only one. */
  asyncPending: number;
  onlyWaiting: RunningInput | undefined;
  /** The earliest deadline, with the input its job is at. */
  deadline: (RunningInput & { at: number }) | undefined;
}

/** Reader side: a consistent picture, also after the worker died (the memory outlives it). */
export function readProgress(buffer: SharedArrayBuffer): ProgressSnapshot {
  const words = new Int32Array(buffer, 0, int32Slots);
  const deadlineWord = new Float64Array(buffer, deadlineByte, 1);
  for (;;) {
    const generation = Atomics.load(words, generationAt);
    const running = Atomics.load(words, runningAt);
    const index = Atomics.load(words, indexAt);
    const deadlineJob = Atomics.load(words, deadlineJobAt);
    const deadlineIndex = deadlineJob === running ? index : Atomics.load(words, deadlineIndexAt);
    const at = deadlineWord[0] ?? 0;
    const asyncPending = Atomics.load(words, asyncPendingAt);
    if (generation % 2 === 1 || Atomics.load(words, generationAt) !== generation) continue;
    return {
      seq: Atomics.load(words, seqAt),
      running: running === 0 ? undefined : { job: running, index },
      asyncPending,
      onlyWaiting: asyncPending !== 1 ? undefined : { job: Atomics.load(words, asyncJobAt), index: Atomics.load(words, asyncIndexAt) },
      deadline: deadlineJob === 0 ? undefined : { job: deadlineJob, index: deadlineIndex, at },
    };
  }
}

/** The input a worker's death is blamed on, when the picture says it for sure. */
export function culpritOf(snapshot: ProgressSnapshot): RunningInput | undefined {
  if (snapshot.running !== undefined) return snapshot.running;
  if (snapshot.asyncPending === 1) return snapshot.onlyWaiting;
  return undefined;
}

/** Sidecar side: claim the running input as reported long-running, if it is still the same one. */
export function claimNotice(buffer: SharedArrayBuffer, seq: number): boolean {
  const words = new Int32Array(buffer, 0, int32Slots);
  if (Atomics.compareExchange(words, noticedAt, 0, seq) !== 0) return false;
  if (Atomics.load(words, seqAt) === seq) return true;
  Atomics.compareExchange(words, noticedAt, seq, 0);
  return false;
}

/** Sleeps until the deadline may have changed or timeoutMs passed (sidecar threads only: it blocks). */
export function sleepOnDeadline(buffer: SharedArrayBuffer, timeoutMs: number): void {
  const words = new Int32Array(buffer, 0, int32Slots);
  Atomics.wait(words, generationAt, Atomics.load(words, generationAt), Math.max(0, timeoutMs));
}
