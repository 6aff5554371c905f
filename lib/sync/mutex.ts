// A lock for worker threads on a SharedArrayBuffer (like Python's threading.Lock):
// 0 = unlocked, 1 = locked, 2 = locked with waiters, so unlock only wakes when needed.
import { deadlineAfter, remainingMs } from "./blocking-wait";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

const unlocked = 0;
const locked = 1;
const contended = 2;

export class Mutex implements Shareable {
  static readonly byteLength = 4;
  readonly buffer: SharedArrayBuffer;
  private readonly state: Int32Array;

  /** A new mutex, or (given a buffer and offset) a view of an existing one. */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Mutex.byteLength), byteOffset = 0) {
    this.buffer = buffer;
    this.state = new Int32Array(buffer, byteOffset, 1);
  }

  /** Blocks until the lock is held, or returns false after timeoutMs. */
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

  tryLock(): boolean {
    return Atomics.compareExchange(this.state, 0, unlocked, locked) === unlocked;
  }

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

  get isLocked(): boolean {
    return Atomics.load(this.state, 0) !== unlocked;
  }

  /** Runs fn while holding the lock (like `with lock:`). */
  withLock<T>(fn: () => T): T {
    this.lock();
    try {
      return fn();
    } finally {
      this.unlock();
    }
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "Mutex", buffer: this.buffer };
  }
}
