// Runs every task in the caller, one after another, in submission order:
// "test the work in a single thread first".
import type { Batch, Outcome } from "./base-runner";
import { runInCaller } from "./caller/caller-batch";
import { CallerRunner } from "./caller/caller-runner";
import type { RunnerOptions } from "./runner";

export class InlineRunner extends CallerRunner {
  readonly kind = "inline";
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: Omit<RunnerOptions, "workers"> = {}) {
    super({ ...options, workers: 1 });
  }

  protected schedule(batch: Batch<undefined>): Promise<Outcome[]> {
    const result = this.tail.then(() => runInCaller(batch));
    this.tail = result;
    return result;
  }
}
