// A counter in shared memory with a deliberately racy increment (read, pause, write)
// next to an atomic one, to show lost updates between threads.
import { sleepThread } from "./blocking-wait";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

export class SharedCounter implements Shareable {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
  }

  get value(): number {
    return Atomics.load(this.cells, 0);
  }

  reset(value = 0): void {
    Atomics.store(this.cells, 0, value);
  }

  /**
   * Read, optionally sleep up to fuzzMs (random, like the "fuzz" of the Python course),
   * then write: another thread's update in between is lost.
   */
  incrementUnsafe(fuzzMs = 0): void {
    const seen = this.cells[0] ?? 0;
    if (fuzzMs > 0) sleepThread(Math.random() * fuzzMs);
    this.cells[0] = seen + 1;
  }

  /** One indivisible read-modify-write: never loses an update. Returns the new value. */
  increment(by = 1): number {
    return Atomics.add(this.cells, 0, by) + by;
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "SharedCounter", buffer: this.buffer };
  }
}
