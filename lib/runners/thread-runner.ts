// A pool of worker_threads: real parallelism for CPU-bound JavaScript, shared
// memory (SharedArrayBuffer) and zero-copy transfers; one V8 isolate per worker.
import { PoolRunner } from "./pool/pool-runner";
import type { RunnerOptions } from "./runner";
import { threadSpawner } from "./pool/thread-transport";

/**
 * A pool of worker threads (worker_threads): each its own V8 isolate and event loop, all in
 * this process, so CPU-bound JavaScript runs in parallel on several cores. Inputs and results
 * are copied (structured clone) unless moved with transferList; SharedArrayBuffers and the
 * shared-memory primitives (Mutex, SharedCounter, SharedQueue…) are shared instead. Workers
 * start on demand, up to `workers`; a worker that dies is replaced. Close it when done.
 *
 * Python: `concurrent.futures.ThreadPoolExecutor`, except that here threads do compute in
 * parallel, as on CPython's free-threaded build (PEP 703) and unlike under the GIL.
 *
 * @example
 * const threads = new ThreadRunner({ workers: 2 }); // the same as createRunner("threads", { workers: 2 })
 * const counter = new SharedCounter();
 * await threads.map((input: { counter: SharedCounter }) => input.counter.increment(), [{ counter }, { counter }]);
 * console.log(counter.value); // 2: the workers incremented the caller's counter, in shared memory
 * await threads.close();
 */
export class ThreadRunner extends PoolRunner {
  readonly kind = "threads";

  constructor(options: RunnerOptions = {}) {
    super(options, "threads", "thread", "thread", threadSpawner);
  }
}
