// A bounded FIFO of numbers in shared memory (a ring buffer), with blocking and
// non-blocking put/get, for producer/consumer threads (like Python's queue.Queue).
import { deadlineAfter, remainingMs } from "./blocking-wait";
import { Mutex } from "./mutex";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

// Int32 header slots; the lock occupies slot 0.
const head = 1;
const tail = 2;
const count = 3;
const putsSeen = 4; // bumped on every put, wakes getters
const getsSeen = 5; // bumped on every get, wakes putters
const capacitySlot = 6;
const headerBytes = 32;

/**
 * A first-in, first-out queue of numbers in shared memory, for producer and consumer threads
 * (pass it to ThreadRunner tasks in their input): put waits while the queue is full, get
 * waits while it is empty, so producers and consumers keep pace without polling. It holds
 * numbers only (64-bit floats); to pass richer items, put an index into data each side can
 * read, or agree on a stop value such as -1. Waiting blocks the calling thread; on the main
 * thread use tryPut / tryGet.
 *
 * Python: `queue.Queue(maxsize)`, but a full put or an empty get after the timeout returns
 * false / undefined instead of raising queue.Full / queue.Empty.
 *
 * @example
 * const queue = new SharedQueue(16);
 * const threads = createRunner("threads", { workers: 2 });
 * const sum = threads.submit((input: { queue: SharedQueue }) => {
 *   let total = 0;
 *   for (let item = input.queue.get(); item !== -1; item = input.queue.get()) total += item ?? 0;
 *   return total;
 * }, { queue });
 * await threads.submit((input: { queue: SharedQueue }) => {
 *   for (let item = 1; item <= 100; item += 1) input.queue.put(item); // waits whenever 16 are queued
 *   input.queue.put(-1); // the stop value
 * }, { queue });
 * console.log(await sum); // 5050
 * await threads.close();
 */
export class SharedQueue implements Shareable {
  /** The shared memory holding the items and the queue's state; what travels to workers. */
  readonly buffer: SharedArrayBuffer;
  /** The most numbers the queue holds at once. */
  readonly capacity: number;
  private readonly header: Int32Array;
  private readonly items: Float64Array;
  private readonly lock: Mutex;

  /**
   * `new SharedQueue(64)` holds up to 64 numbers (a RangeError unless a whole number >= 1);
   * `new SharedQueue(buffer)` views an existing queue.
   */
  constructor(capacityOrBuffer: number | SharedArrayBuffer) {
    if (typeof capacityOrBuffer === "number") {
      if (!Number.isInteger(capacityOrBuffer) || capacityOrBuffer < 1)
        throw new RangeError(`SharedQueue capacity must be a whole number >= 1, got ${capacityOrBuffer}.`);
      this.buffer = new SharedArrayBuffer(headerBytes + capacityOrBuffer * 8);
      new Int32Array(this.buffer)[capacitySlot] = capacityOrBuffer;
    } else {
      this.buffer = capacityOrBuffer;
    }
    this.header = new Int32Array(this.buffer, 0, headerBytes / 4);
    this.capacity = this.header[capacitySlot] ?? 0;
    this.items = new Float64Array(this.buffer, headerBytes, this.capacity);
    this.lock = new Mutex(this.buffer, 0);
  }

  /**
   * Numbers in the queue right now (a snapshot while other threads put and get).
   *
   * Python: `queue.qsize()`.
   *
   * @example
   * const drained = Array.from({ length: queue.size }, () => queue.tryGet());
   */
  get size(): number {
    return Atomics.load(this.header, count);
  }

  /**
   * Appends value, blocking this thread while the queue is full. Returns true once it is in,
   * or false if the queue was still full after timeoutMs (default: wait forever).
   *
   * Python: `queue.put(item, timeout=…)`.
   *
   * @example
   * if (!input.queue.put(42, 1_000)) throw new Error("nobody took items for a second");
   */
  put(value: number, timeoutMs = Infinity): boolean {
    const deadline = deadlineAfter(timeoutMs);
    for (;;) {
      this.lock.lock();
      if ((this.header[count] ?? 0) < this.capacity) {
        const at = this.header[tail] ?? 0;
        this.items[at] = value;
        this.header[tail] = (at + 1) % this.capacity;
        Atomics.add(this.header, count, 1);
        Atomics.add(this.header, putsSeen, 1);
        this.lock.unlock();
        Atomics.notify(this.header, putsSeen);
        return true;
      }
      const seen = Atomics.load(this.header, getsSeen);
      this.lock.unlock();
      const left = remainingMs(deadline);
      if (left === 0) return false;
      Atomics.wait(this.header, getsSeen, seen, left);
    }
  }

  /**
   * Removes and returns the oldest number, blocking this thread while the queue is empty;
   * undefined if it was still empty after timeoutMs (default: wait forever).
   *
   * Python: `queue.get(timeout=…)`.
   *
   * @example
   * const item = input.queue.get(10_000) ?? 0; // 0 if nothing came within 10 s
   */
  get(timeoutMs = Infinity): number | undefined {
    const deadline = deadlineAfter(timeoutMs);
    for (;;) {
      this.lock.lock();
      if ((this.header[count] ?? 0) > 0) {
        const at = this.header[head] ?? 0;
        const value = this.items[at];
        this.header[head] = (at + 1) % this.capacity;
        Atomics.sub(this.header, count, 1);
        Atomics.add(this.header, getsSeen, 1);
        this.lock.unlock();
        Atomics.notify(this.header, getsSeen);
        return value;
      }
      const seen = Atomics.load(this.header, putsSeen);
      this.lock.unlock();
      const left = remainingMs(deadline);
      if (left === 0) return undefined;
      Atomics.wait(this.header, putsSeen, seen, left);
    }
  }

  /**
   * Appends value if there is room, without waiting; says whether it did. Safe on the main thread.
   *
   * Python: `queue.put_nowait(item)`, which raises queue.Full instead of returning false.
   *
   * @example
   * if (!queue.tryPut(7)) console.log("queue full");
   */
  tryPut(value: number): boolean {
    return this.put(value, 0);
  }

  /**
   * Removes and returns the oldest number if there is one, without waiting; undefined when the
   * queue is empty. Safe on the main thread.
   *
   * Python: `queue.get_nowait()`, which raises queue.Empty instead.
   *
   * @example
   * const results: number[] = [];
   * for (let item = queue.tryGet(); item !== undefined; item = queue.tryGet()) results.push(item);
   */
  tryGet(): number | undefined {
    return this.get(0);
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "SharedQueue", buffer: this.buffer, byteOffset: 0 };
  }
}
