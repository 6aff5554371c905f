// A lock for worker threads on a SharedArrayBuffer (like Python's threading.Lock):
// 0 = unlocked, 1 = locked, 2 = locked with waiters, so unlock only wakes when needed.
import { deadlineAfter, remainingMs } from "./blocking-wait";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

const unlocked = 0;
const locked = 1;
const contended = 2;

/**
 * A lock for worker threads: at most one holder at a time, so a read-modify-write on shared
 * memory (a SharedCounter, an Int32Array on a SharedArrayBuffer) cannot interleave with
 * another thread's. Create it in the notebook and pass it to tasks on a ThreadRunner inside
 * their input (directly, in an array or in a plain object); every thread then uses the same
 * lock. Waiting blocks the calling thread, so on the main thread it freezes the notebook:
 * lock there only with a timeout, or use tryLock. Not reentrant: a thread that locks twice
 * waits for itself. Cannot go to child processes (they share no memory).
 *
 * Python: `threading.Lock`: lock/unlock/withLock are acquire/release/`with lock:`.
 *
 * @example
 * const mutex = new Mutex();
 * const counter = new SharedCounter();
 * const threads = createRunner("threads", { workers: 4 });
 * await threads.map((input: { mutex: Mutex; counter: SharedCounter }) => {
 *   for (let i = 0; i < 1_000; i += 1) input.mutex.withLock(() => input.counter.incrementUnsafe());
 * }, Array.from({ length: 4 }, () => ({ mutex, counter })), { chunksize: 1 });
 * console.log(counter.value); // 4000: no update lost
 * await threads.close();
 */
export class Mutex implements Shareable {
  /** Bytes one mutex occupies in a SharedArrayBuffer (one Int32). */
  static readonly byteLength = 4;
  /** The shared memory holding the lock's state; what travels to workers. */
  readonly buffer: SharedArrayBuffer;
  private readonly state: Int32Array;

  private readonly byteOffset: number;

  /**
   * A new, unlocked mutex; or, given a buffer (and a byte offset, a multiple of 4), a view of the
   * lock already there — a worker that receives it locks the same word.
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Mutex.byteLength), byteOffset = 0) {
    this.buffer = buffer;
    this.byteOffset = byteOffset;
    this.state = new Int32Array(buffer, byteOffset, 1);
  }

  /**
   * Takes the lock, blocking this thread while another holds it. Returns true once held, or
   * false if timeoutMs passed first (default: wait forever).
   *
   * Python: `lock.acquire(timeout=…)`.
   *
   * @example
   * if (mutex.lock(100)) {
   *   try { counter.incrementUnsafe(); } finally { mutex.unlock(); }
   * }
   */
  lock(timeoutMs = Infinity): boolean {
    let current = Atomics.compareExchange(this.state, 0, unlocked, locked);
    if (current === unlocked) return true;
    const deadline = deadlineAfter(timeoutMs);
    if (current !== contended) current = Atomics.exchange(this.state, 0, contended);
    while (current !== unlocked) {
      const left = remainingMs(deadline);
      if (left === 0) return false;
      Atomics.wait(this.state, 0, contended, left);
      current = Atomics.exchange(this.state, 0, contended);
    }
    return true;
  }

  /**
   * Takes the lock if it is free, without waiting; says whether it did. Safe on the main thread.
   *
   * Python: `lock.acquire(blocking=False)`.
   *
   * @example
   * if (mutex.tryLock()) { try { console.log("got it"); } finally { mutex.unlock(); } }
   */
  tryLock(): boolean {
    return Atomics.compareExchange(this.state, 0, unlocked, locked) === unlocked;
  }

  /**
   * Releases the lock and wakes one waiting thread. Any thread may unlock (there is no owner,
   * as with threading.Lock); unlocking a mutex that is not locked throws an Error.
   *
   * Python: `lock.release()` (which raises RuntimeError when unlocked).
   *
   * @example
   * mutex.lock();
   * try { counter.incrementUnsafe(); } finally { mutex.unlock(); }
   */
  unlock(): void {
    const previous = Atomics.sub(this.state, 0, 1);
    if (previous === unlocked) {
      Atomics.store(this.state, 0, unlocked);
      throw new Error("Mutex.unlock() called on a mutex that is not locked.");
    }
    if (previous === contended) {
      Atomics.store(this.state, 0, unlocked);
      Atomics.notify(this.state, 0, 1);
    }
  }

  /**
   * Whether some thread holds the lock right now; by the time you act on it, it may have
   * changed. Good for watching, not for deciding (use tryLock).
   *
   * Python: `lock.locked()`.
   *
   * @example
   * while (!mutex.isLocked) await new Promise((resolve) => setTimeout(resolve, 5)); // wait for a worker to take it
   */
  get isLocked(): boolean {
    return Atomics.load(this.state, 0) !== unlocked;
  }

  /**
   * Runs fn while holding the lock and returns its result; the lock is released even if fn
   * throws. Blocks like lock(). fn must be synchronous: the lock is released when fn returns.
   *
   * Python: `with lock: …`.
   *
   * @example
   * const seen = mutex.withLock(() => {
   *   counter.incrementUnsafe();
   *   return counter.value; // threads that also lock cannot change it in between
   * });
   */
  withLock<T>(fn: () => T): T {
    this.lock();
    try {
      return fn();
    } finally {
      this.unlock();
    }
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "Mutex", buffer: this.buffer, byteOffset: this.byteOffset };
  }
}
