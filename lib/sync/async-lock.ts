// asyncio.Lock: one holder at a time on one event loop.
import { AsyncSemaphore } from "./async-semaphore";

/**
 * A lock for async code on one event loop: while one async function holds it across its
 * awaits, the others wait their turn (in order) without blocking the thread. Use it when a
 * read, an await, then a write must not interleave with another task doing the same, e.g.
 * updating a shared object or a file. It does nothing across threads (use Mutex there). Not
 * reentrant: acquiring it again before releasing waits forever.
 *
 * Python: `asyncio.Lock`: acquire/release/runExclusive are acquire/release/`async with lock:`.
 *
 * @example
 * const lock = new AsyncLock();
 * const stock = { apples: 10 };
 * async function sell(count: number): Promise<boolean> {
 *   return lock.runExclusive(async () => {
 *     const left = stock.apples;
 *     await new Promise((resolve) => setTimeout(resolve, 10)); // ask the warehouse…
 *     if (left < count) return false;
 *     stock.apples = left - count; // no other sale slipped in since we read `left`
 *     return true;
 *   });
 * }
 * console.log(await Promise.all([sell(6), sell(6)]), stock.apples); // [true, false] 4
 */
export class AsyncLock {
  private readonly permit = new AsyncSemaphore(1);

  /**
   * Whether someone holds the lock right now.
   *
   * Python: `lock.locked()`.
   *
   * @example
   * if (lock.locked) console.log("busy; this caller will wait");
   */
  get locked(): boolean {
    return this.permit.availablePermits === 0;
  }

  /**
   * Resolves once the caller holds the lock (at once when it is free; waiters are served in
   * order). Release it in a finally, or use runExclusive.
   *
   * Python: `await lock.acquire()`.
   *
   * @example
   * await lock.acquire();
   * try { stock.apples -= 1; } finally { lock.release(); }
   */
  acquire(): Promise<void> {
    return this.permit.acquire();
  }

  /**
   * Releases the lock and lets the next waiter in. Throws an Error if the lock is not held.
   *
   * Python: `lock.release()` (RuntimeError when not held).
   *
   * @example
   * lock.release();
   */
  release(): void {
    if (!this.locked) throw new Error("AsyncLock.release() called on a lock that is not held.");
    this.permit.release();
  }

  /**
   * Waits for the lock, runs fn (which may be async) holding it, releases it even if fn
   * throws, and resolves with fn's result.
   *
   * Python: `async with lock: …`.
   *
   * @example
   * const left = await lock.runExclusive(() => --stock.apples);
   */
  runExclusive<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    return this.permit.withPermit(fn);
  }
}
