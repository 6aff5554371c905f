// asyncio.Queue: put/get that wait instead of failing, an optional maxsize,
// and join()/taskDone() so a producer can wait until every item was processed.

export class QueueEmptyError extends Error {
  override readonly name = "QueueEmptyError";
}

export class QueueFullError extends Error {
  override readonly name = "QueueFullError";
}

export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly getters: Array<(item: T) => void> = [];
  private readonly putters: Array<() => void> = [];
  private unfinished = 0;
  private joiners: Array<() => void> = [];

  /** maxsize 0 (default) means unbounded. */
  constructor(readonly maxsize = 0) {
    if (!Number.isInteger(maxsize) || maxsize < 0) throw new RangeError(`AsyncQueue maxsize must be a whole number >= 0, got ${maxsize}.`);
  }

  get size(): number {
    return this.items.length;
  }

  get full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  /** Waits while the queue is full. */
  async put(item: T): Promise<void> {
    while (this.full) await new Promise<void>((resolve) => this.putters.push(resolve));
    this.putNowait(item);
  }

  putNowait(item: T): void {
    if (this.full) throw new QueueFullError(`AsyncQueue is full (maxsize ${this.maxsize}); use await put() to wait for room.`);
    this.unfinished += 1;
    const getter = this.getters.shift();
    if (getter !== undefined) getter(item);
    else this.items.push(item);
  }

  /** Waits while the queue is empty. */
  get(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.getNowait());
    return new Promise((resolve) => this.getters.push(resolve));
  }

  getNowait(): T {
    if (this.items.length === 0) throw new QueueEmptyError("AsyncQueue is empty; use await get() to wait for an item.");
    const item = this.items.shift() as T;
    this.putters.shift()?.();
    return item;
  }

  /** Marks one item taken with get() as processed. */
  taskDone(): void {
    if (this.unfinished === 0) throw new Error("AsyncQueue.taskDone() called more times than items were put.");
    this.unfinished -= 1;
    if (this.unfinished === 0) {
      const joiners = this.joiners;
      this.joiners = [];
      for (const resolve of joiners) resolve();
    }
  }

  /** Resolves once every item put so far has been marked with taskDone(). */
  join(): Promise<void> {
    if (this.unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.joiners.push(resolve));
  }
}
