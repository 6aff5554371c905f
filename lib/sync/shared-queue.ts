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

export class SharedQueue implements Shareable {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  private readonly header: Int32Array;
  private readonly items: Float64Array;
  private readonly lock: Mutex;

  /** `new SharedQueue(64)` holds up to 64 numbers; `new SharedQueue(buffer)` views an existing queue. */
  constructor(capacityOrBuffer: number | SharedArrayBuffer) {
    if (typeof capacityOrBuffer === "number") {
      if (!Number.isInteger(capacityOrBuffer) || capacityOrBuffer < 1) throw new RangeError(`SharedQueue capacity must be a whole number >= 1, got ${capacityOrBuffer}.`);
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

  get size(): number {
    return Atomics.load(this.header, count);
  }

  /** Appends value, blocking while the queue is full; false if still full after timeoutMs. */
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

  /** Removes the oldest value, blocking while empty; undefined if still empty after timeoutMs. */
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

  tryPut(value: number): boolean {
    return this.put(value, 0);
  }

  tryGet(): number | undefined {
    return this.get(0);
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "SharedQueue", buffer: this.buffer };
  }
}
