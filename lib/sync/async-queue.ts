// asyncio.Queue: put/get that wait instead of failing, an optional maxsize,
// and join()/taskDone() so a producer can wait until every item was processed.

/**
 * AsyncQueue.getNowait() found the queue empty; `await get()` would have waited instead.
 *
 * Python: `asyncio.QueueEmpty`.
 *
 * @example
 * try {
 *   queue.getNowait();
 * } catch (error) {
 *   if (!(error instanceof QueueEmptyError)) throw error;
 * }
 */
export class QueueEmptyError extends Error {
  override readonly name = "QueueEmptyError";
}

/**
 * AsyncQueue.putNowait() found the queue full (maxsize items); `await put()` would have waited
 * for room instead.
 *
 * Python: `asyncio.QueueFull`.
 *
 * @example
 * const queue = new AsyncQueue<number>(1);
 * queue.putNowait(1);
 * try { queue.putNowait(2); } catch (error) { console.log(error instanceof QueueFullError); } // true
 */
export class QueueFullError extends Error {
  override readonly name = "QueueFullError";
}

/**
 * A first-in, first-out queue between async tasks on one event loop: producers `await put()`,
 * consumers `await get()`, each waiting (without blocking the thread) while the queue is full
 * or empty. With a maxsize, fast producers are held back to the consumers' pace
 * (backpressure). taskDone() and join() let a producer wait until every item has been
 * processed, not just taken. Items can be anything: nothing is copied. It does nothing
 * across threads (use SharedQueue there).
 *
 * Python: `asyncio.Queue(maxsize)`: put/get/putNowait/getNowait/taskDone/join/size are
 * put/get/put_nowait/get_nowait/task_done/join/qsize.
 *
 * @example
 * const queue = new AsyncQueue<string>(10);
 * const sizes: number[] = [];
 * const server = await startLatencyServer({ latencyMs: 20 });
 * const consumers = Array.from({ length: 3 }, async () => {
 *   for (;;) {
 *     const url = await queue.get();
 *     sizes.push(await fetchPage(url));
 *     queue.taskDone();
 *   }
 * });
 * for (let i = 0; i < 30; i += 1) await queue.put(server.urlFor()); // waits while 10 are queued
 * await queue.join(); // every page fetched; the consumers wait for more
 * console.log(sizes.length); // 30
 * await server.stop();
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly getters: Array<(item: T) => void> = [];
  private readonly putters: Array<() => void> = [];
  private unfinished = 0;
  private joiners: Array<() => void> = [];

  /** `new AsyncQueue<T>(maxsize)`: maxsize 0 (default) means unbounded; a RangeError unless a whole number >= 0. */
  constructor(
    /** The most items the queue holds before put() waits; 0: no limit. */
    readonly maxsize = 0,
  ) {
    if (!Number.isInteger(maxsize) || maxsize < 0) throw new RangeError(`AsyncQueue maxsize must be a whole number >= 0, got ${maxsize}.`);
  }

  /**
   * Items waiting in the queue right now (an item handed straight to a waiting get() never counts).
   *
   * Python: `queue.qsize()`.
   *
   * @example
   * console.log(`${queue.size} items queued`);
   */
  get size(): number {
    return this.items.length;
  }

  /**
   * Whether put() would wait now: maxsize items are queued. Never true without a maxsize.
   *
   * Python: `queue.full()`.
   *
   * @example
   * if (queue.full) console.log("consumers are behind");
   */
  get full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  /**
   * Adds an item, first waiting while the queue is full; hands it straight to a waiting get().
   *
   * Python: `await queue.put(item)`.
   *
   * @example
   * await queue.put(server.urlFor());
   */
  async put(item: T): Promise<void> {
    while (this.full) await new Promise<void>((resolve) => this.putters.push(resolve));
    this.putNowait(item);
  }

  /**
   * Adds an item without waiting; throws QueueFullError when the queue is full.
   *
   * Python: `queue.put_nowait(item)`.
   *
   * @example
   * queue.putNowait("first");
   */
  putNowait(item: T): void {
    if (this.full) throw new QueueFullError(`AsyncQueue is full (maxsize ${this.maxsize}); use await put() to wait for room.`);
    this.unfinished += 1;
    const getter = this.getters.shift();
    if (getter !== undefined) getter(item);
    else this.items.push(item);
  }

  /**
   * Removes and resolves with the oldest item, first waiting while the queue is empty.
   * Waiting consumers are served in order. There is no timeout: race it yourself if you need one.
   *
   * Python: `await queue.get()`.
   *
   * @example
   * const url = await queue.get();
   */
  get(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.getNowait());
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /**
   * Removes and returns the oldest item without waiting; throws QueueEmptyError when the
   * queue is empty.
   *
   * Python: `queue.get_nowait()`.
   *
   * @example
   * const leftovers: string[] = [];
   * while (queue.size > 0) leftovers.push(queue.getNowait());
   */
  getNowait(): T {
    if (this.items.length === 0) throw new QueueEmptyError("AsyncQueue is empty; use await get() to wait for an item.");
    const item = this.items.shift() as T;
    this.putters.shift()?.();
    return item;
  }

  /**
   * Marks one item taken with get() as processed; join() resolves once every item put has been
   * marked. Throws an Error when called more often than items were put.
   *
   * Python: `queue.task_done()`.
   *
   * @example
   * const url = await queue.get();
   * try { sizes.push(await fetchPage(url)); } finally { queue.taskDone(); }
   */
  taskDone(): void {
    if (this.unfinished === 0) throw new Error("AsyncQueue.taskDone() called more times than items were put.");
    this.unfinished -= 1;
    if (this.unfinished === 0) {
      const joiners = this.joiners;
      this.joiners = [];
      for (const resolve of joiners) resolve();
    }
  }

  /**
   * Resolves once every item put so far has been marked with taskDone() (at once when none is
   * outstanding): the producer's "all work is done".
   *
   * Python: `await queue.join()`.
   *
   * @example
   * await queue.join();
   */
  join(): Promise<void> {
    if (this.unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.joiners.push(resolve));
  }
}
