// Runs tasks on the caller's event loop with at most `workers` at once: the
// asyncio-with-a-semaphore model. Only tasks that await (I/O, timers) overlap.
import { AsyncSemaphore } from "../sync/async-semaphore";
import type { Batch, Outcome } from "./base-runner";
import { runInCaller } from "./caller/caller-batch";
import { CallerRunner } from "./caller/caller-runner";
import type { RunnerOptions } from "./runner";

/**
 * Runs tasks on the caller's own event loop, at most `workers` at once: the model for I/O,
 * where a task spends its time waiting (fetch, timers, a database). Tasks overlap only while
 * they await; a task that computes blocks the loop and every other task, so CPU-bound work
 * gains nothing here. No worker starts, and tasks may use the cell's variables;
 * maxTasksPerWorker and idleTimeoutMs are ignored.
 *
 * Python: asyncio, with each coroutine wrapped in `async with asyncio.Semaphore(workers):`.
 *
 * @example
 * const server = await startLatencyServer({ latencyMs: 50 });
 * const io = new AsyncRunner({ workers: 10 }); // the same as createRunner("async", { workers: 10 })
 * const urls = Array.from({ length: 20 }, () => server.urlFor());
 * const sizes = await io.map(fetchPage, urls, { chunksize: 1 }); // two rounds of 50 ms, not twenty
 * await io.close();
 * await server.stop();
 */
export class AsyncRunner extends CallerRunner {
  readonly kind = "async";
  private readonly limit: AsyncSemaphore;

  constructor(options: RunnerOptions = {}) {
    super(options);
    this.limit = new AsyncSemaphore(this.workers);
  }

  protected schedule(batch: Batch<undefined>): Promise<Outcome[]> {
    return this.limit.withPermit(() => runInCaller(batch));
  }
}
