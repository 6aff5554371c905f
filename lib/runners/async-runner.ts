// Runs tasks on the caller's event loop with at most `workers` at once: the
// asyncio-with-a-semaphore model. Only tasks that await (I/O, timers) overlap.
import { AsyncSemaphore } from "../sync/async-semaphore";
import type { Batch, Outcome } from "./base-runner";
import { runInCaller } from "./caller/caller-batch";
import { CallerRunner } from "./caller/caller-runner";
import type { RunnerOptions } from "./runner";

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
