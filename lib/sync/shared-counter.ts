// A counter in shared memory with a deliberately racy increment (read, pause, write)
// next to an atomic one, to show lost updates between threads.
import { sleepThread } from "./blocking-wait";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

/**
 * A whole number in shared memory that ThreadRunner tasks change together (pass it in their
 * input): the course's race-condition demo. incrementUnsafe reads, may pause, then writes, so
 * updates from other threads in between are lost; increment does the same in one atomic
 * step and never loses one. A 32-bit integer: past 2 147 483 647 it wraps around.
 *
 * Python: a shared `counter += 1` (racy; incrementUnsafe with fuzzMs is the course's version
 * with a sleep between read and write) versus the same under a `threading.Lock`;
 * increment needs no lock.
 *
 * @example
 * const racy = new SharedCounter();
 * const threads = createRunner("threads", { workers: 2 });
 * await threads.map((input: { counter: SharedCounter }) => {
 *   for (let i = 0; i < 200; i += 1) input.counter.incrementUnsafe(1);
 * }, [{ counter: racy }, { counter: racy }], { chunksize: 1 });
 * console.log(racy.value); // usually well under 400: updates were lost
 * await threads.close();
 */
export class SharedCounter implements Shareable {
  /** The shared memory holding the number; what travels to workers. */
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  /** A new counter at 0; or, given a buffer, a view of an existing one. */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
  }

  /**
   * The current value (read atomically).
   *
   * Python: reading the shared variable.
   *
   * @example
   * console.log(`expected 400, counted ${counter.value}`);
   */
  get value(): number {
    return Atomics.load(this.cells, 0);
  }

  /**
   * Sets the value (default 0) in one atomic store, e.g. before running a demo again.
   *
   * Python: `counter = 0`.
   *
   * @example
   * counter.reset();
   */
  reset(value = 0): void {
    Atomics.store(this.cells, 0, value);
  }

  /**
   * Adds 1 the racy way: read, sleep a random time up to fuzzMs (default 0: no pause, like
   * the "fuzz" of the Python course), then write what was read plus 1. Another thread's update
   * in between is lost. Blocks the calling thread while it sleeps.
   *
   * Python: `old = counter; fuzz(); counter = old + 1`.
   *
   * @example
   * input.counter.incrementUnsafe(0.1); // pauses up to 0.1 ms between read and write
   */
  incrementUnsafe(fuzzMs = 0): void {
    const seen = this.cells[0] ?? 0;
    if (fuzzMs > 0) sleepThread(Math.random() * fuzzMs);
    this.cells[0] = seen + 1;
  }

  /**
   * Adds `by` (default 1; negative subtracts) in one indivisible step (Atomics.add), so no
   * update is ever lost, without a lock. Returns the new value.
   *
   * Python: none built in; `with lock: counter += 1`.
   *
   * @example
   * const ticket = input.counter.increment(); // 1, 2, 3 …: each thread gets its own number
   */
  increment(by = 1): number {
    return Atomics.add(this.cells, 0, by) + by;
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "SharedCounter", buffer: this.buffer, byteOffset: 0 };
  }
}
