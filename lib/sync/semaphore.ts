// A counting semaphore for worker threads (like Python's threading.Semaphore).
import { deadlineAfter, remainingMs } from "./blocking-wait";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

export class Semaphore implements Shareable {
  readonly buffer: SharedArrayBuffer;
  private readonly count: Int32Array;

  /** `new Semaphore(3)` allows three holders; `new Semaphore(buffer)` views an existing one. */
  constructor(initial: number | SharedArrayBuffer = 1) {
    if (typeof initial === "number") {
      if (!Number.isInteger(initial) || initial < 0) throw new RangeError(`Semaphore needs a whole number of permits >= 0, got ${initial}.`);
      this.buffer = new SharedArrayBuffer(4);
      this.count = new Int32Array(this.buffer);
      this.count[0] = initial;
    } else {
      this.buffer = initial;
      this.count = new Int32Array(initial);
    }
  }

  /** Takes a permit, blocking while none is free; false after timeoutMs. */
  acquire(timeoutMs = Infinity): boolean {
    const deadline = deadlineAfter(timeoutMs);
    for (;;) {
      const available = Atomics.load(this.count, 0);
      if (available > 0) {
        if (Atomics.compareExchange(this.count, 0, available, available - 1) === available) return true;
        continue;
      }
      const left = remainingMs(deadline);
      if (left === 0) return false;
      Atomics.wait(this.count, 0, 0, left);
    }
  }

  tryAcquire(): boolean {
    return this.acquire(0);
  }

  release(): void {
    Atomics.add(this.count, 0, 1);
    Atomics.notify(this.count, 0, 1);
  }

  get available(): number {
    return Atomics.load(this.count, 0);
  }

  withPermit<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "Semaphore", buffer: this.buffer };
  }
}
