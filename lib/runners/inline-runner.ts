// Runs every task in the caller, one after another, in submission order:
// "test the work in a single thread first".
import type { Batch, Outcome } from "./base-runner";
import { runInCaller } from "./caller/caller-batch";
import { CallerRunner } from "./caller/caller-runner";
import type { RunnerOptions } from "./runner";

/**
 * Runs every task in the caller, one after the other in submission order, with no worker at
 * all: the "test the work in a single thread first" runner. A task that computes blocks the
 * notebook while it runs; a task that throws still rejects with TaskError, as on the other
 * runners. Nothing is copied or checked for sending, so a task may use the cell's variables.
 *
 * Python: a plain `for` loop, or `map(fn, inputs)`.
 *
 * @example
 * const inline = new InlineRunner(); // the same as createRunner("inline")
 * console.log(await inline.map(countPrimesTask, [10_000, 20_000])); // [1229, 2262]
 * await inline.close();
 */
export class InlineRunner extends CallerRunner {
  readonly kind = "inline";
  private tail: Promise<unknown> = Promise.resolve();

  /** `workers` is always 1; maxTasksPerWorker and idleTimeoutMs are ignored (there is no worker). */
  constructor(options: Omit<RunnerOptions, "workers"> = {}) {
    super({ ...options, workers: 1 });
  }

  protected schedule(batch: Batch<undefined>): Promise<Outcome[]> {
    const result = this.tail.then(() => runInCaller(batch));
    this.tail = result;
    return result;
  }
}
