// A pool of worker_threads: real parallelism for CPU-bound JavaScript, shared
// memory (SharedArrayBuffer) and zero-copy transfers; one V8 isolate per worker.
import { PoolRunner } from "./pool/pool-runner";
import type { RunnerOptions } from "./runner";
import { threadSpawner } from "./pool/thread-transport";

export class ThreadRunner extends PoolRunner {
  readonly kind = "threads";

  constructor(options: RunnerOptions = {}) {
    super(options, "threads", "thread", "thread", threadSpawner);
  }
}
