// A counting semaphore for worker threads (like Python's threading.Semaphore).
import { deadlineAfter, remainingMs } from "./blocking-wait";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

/**
 * A counter of permits for worker threads: acquire takes one (waiting while none is left),
 * release gives one back. Use it to let at most N threads into a section at once, e.g. to
 * limit how many use a scarce resource; with 0 permits it is a signal one thread gives
 * another. Pass it to ThreadRunner tasks in their input, like a Mutex. Waiting blocks the
 * calling thread (on the main thread: the notebook), and release is not checked against
 * acquire, so releasing more often than acquiring adds permits.
 *
 * Python: `threading.Semaphore` (not BoundedSemaphore): acquire/release/withPermit are
 * acquire/release/`with semaphore:`.
 *
 * @example
 * const twoAtATime = new Semaphore(2);
 * const inside = new SharedCounter();
 * const threads = createRunner("threads", { workers: 4 });
 * const peaks = await threads.map((input: { permits: Semaphore; inside: SharedCounter }) =>
 *   input.permits.withPermit(() => {
 *     const now = input.inside.increment();
 *     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); // 50 ms of "work"
 *     input.inside.increment(-1);
 *     return now;
 *   }), Array.from({ length: 8 }, () => ({ permits: twoAtATime, inside })), { chunksize: 1 });
 * console.log(Math.max(...peaks)); // 2: never more than two inside at once
 * await threads.close();
 */
export class Semaphore implements Shareable {
  /** The shared memory holding the permit count; what travels to workers. */
  readonly buffer: SharedArrayBuffer;
  private readonly count: Int32Array;

  /**
   * `new Semaphore(3)` starts with three permits (default 1; a RangeError unless a whole number
   * >= 0); `new Semaphore(buffer)` views an existing one.
   */
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

  /**
   * Takes a permit, blocking this thread while none is free. Returns true once it has one, or
   * false if timeoutMs passed first (default: wait forever).
   *
   * Python: `semaphore.acquire(timeout=…)`.
   *
   * @example
   * if (permits.acquire(1_000)) {
   *   try { countPrimes(100_000); } finally { permits.release(); }
   * }
   */
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

  /**
   * Takes a permit if one is free, without waiting; says whether it did. Safe on the main thread.
   *
   * Python: `semaphore.acquire(blocking=False)`.
   *
   * @example
   * if (!permits.tryAcquire()) console.log("all permits taken; try later");
   */
  tryAcquire(): boolean {
    return this.acquire(0);
  }

  /**
   * Gives a permit back and wakes one waiting thread. Never blocks, from any thread.
   *
   * Python: `semaphore.release()`.
   *
   * @example
   * permits.release();
   */
  release(): void {
    Atomics.add(this.count, 0, 1);
    Atomics.notify(this.count, 0, 1);
  }

  /**
   * Permits free right now (a snapshot: other threads may take or return one at any moment).
   *
   * Python: none public (`semaphore._value`).
   *
   * @example
   * console.log(`${permits.available} permits free`);
   */
  get available(): number {
    return Atomics.load(this.count, 0);
  }

  /**
   * Runs fn holding a permit and returns its result; the permit goes back even if fn throws.
   * Blocks like acquire(). fn must be synchronous.
   *
   * Python: `with semaphore: …`.
   *
   * @example
   * const primes = permits.withPermit(() => countPrimes(100_000));
   */
  withPermit<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "Semaphore", buffer: this.buffer, byteOffset: 0 };
  }
}
