// Runs every task in the caller, one after another, in submission order:
// "test the work in a single thread first".
import type { Batch, Outcome } from "./base-runner";
import { runLocalBatch } from "./local-batch";
import { LocalRunner } from "./local-runner";
import type { RunnerOptions } from "./runner";

export class InlineRunner extends LocalRunner {
  readonly kind = "inline";
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: Omit<RunnerOptions, "workers"> = {}) {
    super({ ...options, workers: 1 });
  }

  protected schedule(batch: Batch<undefined>): Promise<Outcome[]> {
    const result = this.tail.then(() => runLocalBatch(batch));
    this.tail = result;
    return result;
  }
}
