// asyncio.Lock: one holder at a time on one event loop.
import { AsyncSemaphore } from "./async-semaphore";

export class AsyncLock {
  private readonly permit = new AsyncSemaphore(1);

  get locked(): boolean {
    return this.permit.availablePermits === 0;
  }

  acquire(): Promise<void> {
    return this.permit.acquire();
  }

  release(): void {
    if (!this.locked) throw new Error("AsyncLock.release() called on a lock that is not held.");
    this.permit.release();
  }

  /** Runs fn holding the lock (like `async with lock:`). */
  runExclusive<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    return this.permit.withPermit(fn);
  }
}
