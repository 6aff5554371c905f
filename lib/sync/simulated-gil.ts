// A stand-in for CPython's Global Interpreter Lock, for worker threads: a task holds
// the GIL to "run Python", offers it to waiting threads every switch interval
// (default 5 ms, like sys.getswitchinterval()), and releases it around simulated I/O.
import { threadId } from "node:worker_threads";
import { sleepThread } from "./blocking-wait";
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

const owner = 0; // 0 = free, otherwise threadId + 1
const waiting = 1;
const switchIntervalUs = 2;
const switches = 3;

/**
 * A stand-in for CPython's Global Interpreter Lock, to feel what it does to threads: ThreadRunner
 * tasks that hold it run one at a time, like Python threads under the GIL, even on many cores.
 * A task takes it (run or acquire), calls checkpoint() often in its loops so that, after each
 * switch interval, a waiting thread gets a turn, and uses io() for simulated blocking I/O,
 * which, as in CPython, runs without the GIL. Only threads (in the notebook, only tasks on a
 * ThreadRunner) can share it. Not reentrant: acquiring it twice in one thread throws.
 *
 * Python: the GIL itself (no object you can touch), with `sys.setswitchinterval(0.005)`;
 * CPython's free-threaded build (PEP 703) has none.
 *
 * @example
 * const gil = new SimulatedGIL({ switchIntervalMs: 5 });
 * const threads = createRunner("threads", { workers: 2 });
 * const sums = await threads.map((input: { gil: SimulatedGIL; n: number }) => input.gil.run(() => {
 *   let sum = 0;
 *   for (let i = 0; i < input.n; i += 1) {
 *     sum += i;
 *     if (i % 10_000 === 0) input.gil.checkpoint(); // let a waiting thread run
 *   }
 *   return sum;
 * }), [{ gil, n: 50_000_000 }, { gil, n: 50_000_000 }], { chunksize: 1 });
 * console.log(`the GIL changed hands ${gil.switchCount} times`); // the two loops ran one at a time
 * await threads.close();
 */
export class SimulatedGIL implements Shareable {
  /** The shared memory holding the GIL's state; what travels to workers. */
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;
  private readonly me = threadId + 1;
  private acquiredAt = 0;

  /** A new, free GIL with the given switch interval (default 5 ms); or, given a buffer, a view of an existing one. */
  constructor(options: { switchIntervalMs?: number } | SharedArrayBuffer = {}) {
    if (options instanceof SharedArrayBuffer) {
      this.buffer = options;
      this.cells = new Int32Array(options);
    } else {
      this.buffer = new SharedArrayBuffer(16);
      this.cells = new Int32Array(this.buffer);
      this.cells[switchIntervalUs] = Math.round((options.switchIntervalMs ?? 5) * 1000);
    }
  }

  /**
   * How long a holder keeps the GIL before checkpoint() hands it to a waiting thread.
   *
   * Python: `sys.getswitchinterval()` (in seconds there).
   *
   * @example
   * console.log(new SimulatedGIL().switchIntervalMs); // 5
   */
  get switchIntervalMs(): number {
    return Atomics.load(this.cells, switchIntervalUs) / 1000;
  }

  /**
   * How many times checkpoint() handed the GIL to a waiting thread, counted over every thread.
   *
   * Python: none; CPython does not count its forced switches.
   *
   * @example
   * console.log(`the GIL changed hands ${gil.switchCount} times`);
   */
  get switchCount(): number {
    return Atomics.load(this.cells, switches);
  }

  /**
   * Whether the calling thread holds the GIL.
   *
   * Python: none (C code has `PyGILState_Check()`).
   *
   * @example
   * if (!input.gil.isHeldByMe) input.gil.acquire();
   */
  get isHeldByMe(): boolean {
    return Atomics.load(this.cells, owner) === this.me;
  }

  /**
   * Takes the GIL, blocking this thread while another holds it. Throws if this thread already
   * holds it. Pair it with release() in a finally, or use run().
   *
   * Python: what the interpreter does before running bytecode in a thread.
   *
   * @example
   * input.gil.acquire();
   * try { input.gil.io(10); } finally { input.gil.release(); }
   */
  acquire(): void {
    Atomics.add(this.cells, waiting, 1);
    for (;;) {
      const current = Atomics.compareExchange(this.cells, owner, 0, this.me);
      if (current === 0) break;
      if (current === this.me) {
        Atomics.sub(this.cells, waiting, 1);
        throw new Error("SimulatedGIL.acquire(): this thread already holds the GIL.");
      }
      Atomics.wait(this.cells, owner, current);
    }
    Atomics.sub(this.cells, waiting, 1);
    this.acquiredAt = performance.now();
  }

  /**
   * Gives the GIL up and wakes one waiting thread. Throws if this thread does not hold it.
   *
   * Python: `Py_BEGIN_ALLOW_THREADS` in C code around a blocking call.
   *
   * @example
   * input.gil.release();
   */
  release(): void {
    if (Atomics.compareExchange(this.cells, owner, this.me, 0) !== this.me) {
      throw new Error("SimulatedGIL.release(): this thread does not hold the GIL.");
    }
    Atomics.notify(this.cells, owner, 1);
  }

  /**
   * Call often from CPU-bound code holding the GIL. Once this thread has held it for a switch
   * interval and another thread waits, it hands the GIL over and queues up behind (CPython's
   * forced switch); otherwise it returns at once. Only while holding the GIL.
   *
   * Python: the interpreter's check of the "eval breaker" between bytecodes.
   *
   * @example
   * let sum = 0;
   * for (let i = 0; i < input.n; i += 1) {
   *   sum += i;
   *   if (i % 10_000 === 0) input.gil.checkpoint();
   * }
   */
  checkpoint(): void {
    if (performance.now() - this.acquiredAt < this.switchIntervalMs) return;
    if (Atomics.load(this.cells, waiting) === 0) {
      this.acquiredAt = performance.now();
      return;
    }
    this.release();
    // Wait (briefly) until a waiter has taken it, so this thread does not grab it straight back.
    Atomics.wait(this.cells, owner, 0, 1);
    if (Atomics.load(this.cells, owner) !== 0) Atomics.add(this.cells, switches, 1);
    this.acquire();
  }

  /**
   * Simulated blocking I/O of `ms` milliseconds: releases the GIL, sleeps this thread, takes
   * the GIL back. Other threads run meanwhile, which is why I/O-bound Python threads do
   * overlap under the GIL. Only while holding the GIL.
   *
   * Python: a blocking call such as `time.sleep(0.02)` or `socket.recv`, which releases the GIL.
   *
   * @example
   * input.gil.run(() => { for (let request = 0; request < 10; request += 1) input.gil.io(20); });
   */
  io(ms: number): void {
    this.release();
    sleepThread(ms);
    this.acquire();
  }

  /**
   * Runs fn holding the GIL and returns its result; releases it even if fn throws. fn should
   * call checkpoint() in its loops, or other threads wait until it returns.
   *
   * Python: running Python code in a thread (it always holds the GIL).
   *
   * @example
   * const answer = input.gil.run(() => 6 * 7); // 42, computed holding the GIL
   */
  run<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "SimulatedGIL", buffer: this.buffer, byteOffset: 0 };
  }
}
