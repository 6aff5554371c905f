// A flag threads can wait on (like Python's threading.Event).
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

// Node 20 has Atomics.waitAsync; the ES2023 lib typings do not declare it yet.
interface AtomicsWithWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs?: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/**
 * A flag threads can wait on: one thread sets it, the threads waiting for it wake up. Use it
 * for "start now", "stop now" or "the data is ready" between the notebook and ThreadRunner
 * tasks (pass it in their input). Set stays set until cleared. wait() blocks the calling
 * thread; on the main thread use waitAsync(), which lets the notebook go on meanwhile.
 *
 * Python: `threading.Event`: set/clear/isSet/wait are set/clear/is_set/wait.
 *
 * @example
 * const go = new SharedEvent();
 * const threads = createRunner("threads", { workers: 2 });
 * const waiting = threads.map((input: { go: SharedEvent }) => input.go.wait(10_000), [{ go }, { go }], { chunksize: 1 });
 * go.set(); // wakes both workers
 * console.log(await waiting); // [true, true]
 * await threads.close();
 */
export class SharedEvent implements Shareable {
  /** The shared memory holding the flag; what travels to workers. */
  readonly buffer: SharedArrayBuffer;
  private readonly flag: Int32Array;

  /** A new event, not set; or, given a buffer, a view of an existing one. */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.flag = new Int32Array(buffer);
  }

  /**
   * Sets the flag and wakes every thread waiting for it. Never blocks.
   *
   * Python: `event.set()`.
   *
   * @example
   * stop.set(); // workers checking stop.isSet finish their loop
   */
  set(): void {
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  /**
   * Resets the flag, so later wait() calls block again.
   *
   * Python: `event.clear()`.
   *
   * @example
   * go.clear();
   */
  clear(): void {
    Atomics.store(this.flag, 0, 0);
  }

  /**
   * Whether the flag is set right now. Never blocks: a loop in a worker can check it to stop.
   *
   * Python: `event.is_set()`.
   *
   * @example
   * while (!input.stop.isSet) input.rounds.increment(); // count until the notebook says stop
   */
  get isSet(): boolean {
    return Atomics.load(this.flag, 0) === 1;
  }

  /**
   * Blocks this thread until the flag is set, or timeoutMs passes (default: forever); returns
   * whether it is set. For worker threads: on the main thread it freezes the notebook.
   *
   * Python: `event.wait(timeout=…)`.
   *
   * @example
   * if (!input.go.wait(5_000)) throw new Error("nobody said go within 5 s");
   */
  wait(timeoutMs = Infinity): boolean {
    Atomics.wait(this.flag, 0, 0, timeoutMs);
    return this.isSet;
  }

  /**
   * The same wait as a promise, without blocking the thread: use it on the main thread.
   * Resolves with whether the flag is set (false after timeoutMs). A pending waitAsync does not
   * keep a plain Node script alive by itself.
   *
   * Python: `await loop.run_in_executor(None, event.wait, timeout)`.
   *
   * @example
   * const ready = new SharedEvent();
   * const working = threads.submit((input: { ready: SharedEvent }) => { input.ready.set(); return "done"; }, { ready });
   * console.log(await ready.waitAsync(5_000)); // true, and the notebook stayed responsive
   * await working;
   */
  async waitAsync(timeoutMs = Infinity): Promise<boolean> {
    const result = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(this.flag, 0, 0, timeoutMs);
    if (result.async) await result.value;
    return this.isSet;
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "SharedEvent", buffer: this.buffer, byteOffset: 0 };
  }
}
