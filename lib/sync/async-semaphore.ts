// asyncio.Semaphore: at most `permits` holders at once on one event loop; waiters are served in order.

export class AsyncSemaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`AsyncSemaphore needs a whole number of permits >= 1, got ${permits}.`);
    this.available = permits;
  }

  get availablePermits(): number {
    return this.available;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(): Promise<void> {
    if (this.available > 0 && this.waiters.length === 0) {
      this.available -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next();
    else this.available += 1;
  }

  /** Runs fn holding a permit (like `async with semaphore:`). */
  async withPermit<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
