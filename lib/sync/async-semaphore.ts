// asyncio.Semaphore: at most `permits` holders at once on one event loop; waiters are served in order.

/**
 * At most `permits` async tasks at once on one event loop; the rest wait their turn, in
 * order, without blocking the thread. Use it to cap concurrency: requests to one server,
 * files open at once, calls into a pool. release is not checked against acquire, so
 * releasing more often than acquiring adds permits. It does nothing across threads (use
 * Semaphore there).
 *
 * Python: `asyncio.Semaphore(permits)` (not BoundedSemaphore): acquire/release/withPermit are
 * acquire/release/`async with semaphore:`.
 *
 * @example
 * const server = await startLatencyServer({ latencyMs: 50 });
 * const threeAtATime = new AsyncSemaphore(3);
 * // Nine requests, three at a time: three rounds of 50 ms.
 * const sizes = await Promise.all(Array.from({ length: 9 }, () => threeAtATime.withPermit(() => fetchPage(server.urlFor()))));
 * await server.stop();
 */
export class AsyncSemaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  /** Starts with `permits` free (a RangeError unless a whole number >= 1). */
  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`AsyncSemaphore needs a whole number of permits >= 1, got ${permits}.`);
    this.available = permits;
  }

  /**
   * Permits free right now (0 while tasks wait).
   *
   * Python: none public (`semaphore._value`); `semaphore.locked()` is `availablePermits === 0`.
   *
   * @example
   * console.log(`${limit.availablePermits} free, ${limit.waiting} waiting`);
   */
  get availablePermits(): number {
    return this.available;
  }

  /**
   * How many callers wait for a permit right now.
   *
   * Python: none public.
   *
   * @example
   * if (limit.waiting > 100) console.log("falling behind");
   */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Resolves once the caller holds a permit (at once when one is free and nobody waits).
   * Give it back with release() in a finally, or use withPermit.
   *
   * Python: `await semaphore.acquire()`.
   *
   * @example
   * await limit.acquire();
   * try { await fetchPage(url); } finally { limit.release(); }
   */
  acquire(): Promise<void> {
    if (this.available > 0 && this.waiters.length === 0) {
      this.available -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Gives a permit back: the longest waiter gets it, else it becomes free.
   *
   * Python: `semaphore.release()`.
   *
   * @example
   * limit.release();
   */
  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next();
    else this.available += 1;
  }

  /**
   * Waits for a permit, runs fn (which may be async) holding it, gives it back even if fn
   * throws, and resolves with fn's result.
   *
   * Python: `async with semaphore: …`.
   *
   * @example
   * const size = await limit.withPermit(() => fetchPage(url));
   */
  async withPermit<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
