// A stand-in for CPython's Global Interpreter Lock, for worker threads: a task holds
// the GIL to "run Python", offers it to waiting threads every switch interval
// (default 5 ms, like sys.getswitchinterval()), and releases it around simulated I/O.
import { threadId } from "node:worker_threads";
import { sleepThread } from "./blocking-wait";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

const owner = 0; // 0 = free, otherwise threadId + 1
const waiting = 1;
const switchIntervalUs = 2;
const switches = 3;

export class SimulatedGIL implements Shareable {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;
  private readonly me = threadId + 1;
  private acquiredAt = 0;

  constructor(options: { switchIntervalMs?: number } | SharedArrayBuffer = {}) {
    if (options instanceof SharedArrayBuffer) {
      this.buffer = options;
      this.cells = new Int32Array(options);
    } else {
      this.buffer = new SharedArrayBuffer(16);
      this.cells = new Int32Array(this.buffer);
      this.cells[switchIntervalUs] = Math.round((options.switchIntervalMs ?? 5) * 1000);
    }
  }

  get switchIntervalMs(): number {
    return Atomics.load(this.cells, switchIntervalUs) / 1000;
  }

  /** How many times a holder handed the GIL to a waiting thread. */
  get switchCount(): number {
    return Atomics.load(this.cells, switches);
  }

  get isHeldByMe(): boolean {
    return Atomics.load(this.cells, owner) === this.me;
  }

  acquire(): void {
    Atomics.add(this.cells, waiting, 1);
    for (;;) {
      const current = Atomics.compareExchange(this.cells, owner, 0, this.me);
      if (current === 0) break;
      if (current === this.me) {
        Atomics.sub(this.cells, waiting, 1);
        throw new Error("SimulatedGIL.acquire(): this thread already holds the GIL.");
      }
      Atomics.wait(this.cells, owner, current);
    }
    Atomics.sub(this.cells, waiting, 1);
    this.acquiredAt = performance.now();
  }

  release(): void {
    if (Atomics.compareExchange(this.cells, owner, this.me, 0) !== this.me) {
      throw new Error("SimulatedGIL.release(): this thread does not hold the GIL.");
    }
    Atomics.notify(this.cells, owner, 1);
  }

  /**
   * Call often from CPU-bound code holding the GIL. After a switch interval, if another
   * thread waits, hand the GIL over and queue up behind it (CPython's forced switch).
   */
  checkpoint(): void {
    if (performance.now() - this.acquiredAt < this.switchIntervalMs) return;
    if (Atomics.load(this.cells, waiting) === 0) {
      this.acquiredAt = performance.now();
      return;
    }
    this.release();
    // Wait (briefly) until a waiter has taken it, so this thread does not grab it straight back.
    Atomics.wait(this.cells, owner, 0, 1);
    if (Atomics.load(this.cells, owner) !== 0) Atomics.add(this.cells, switches, 1);
    this.acquire();
  }

  /** Simulated blocking I/O: like a real system call in CPython, it runs without the GIL. */
  io(ms: number): void {
    this.release();
    sleepThread(ms);
    this.acquire();
  }

  /** Runs fn holding the GIL. fn should call checkpoint() in its loops. */
  run<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "SimulatedGIL", buffer: this.buffer };
  }
}
