// Shared life cycle of the runners that run tasks in the caller (inline, async):
// they track running batches so close() can wait and terminate() can reject them.
import { rejectedOutcomes, RunnerBase, type Batch, type Outcome } from "../base-runner";
import { InitializerError, RunnerClosedError, serializeError } from "../errors";
import type { Initializer, RunnerOptions } from "../runner";
import { callerFunctionOf, taskNameOf, type TaskLike } from "../task";

export abstract class CallerRunner extends RunnerBase<undefined> {
  private readonly running = new Set<{ batch: Batch<undefined>; finish: (outcomes: Outcome[]) => void; done: Promise<Outcome[]> }>();

  private readonly initializer: Initializer | undefined;
  private initialized: Promise<void> | undefined;

  constructor(options: RunnerOptions) {
    super(options);
    this.initializer = options.initializer;
  }

  /** There is no new worker to initialize: the initializer runs once, in the caller, before the first task. */
  private initializeOnce(): Promise<void> {
    this.initialized ??= (async () => {
      if (this.initializer === undefined) return;
      const [task, input] = "task" in this.initializer ? [this.initializer.task, this.initializer.input] : [this.initializer, undefined];
      await callerFunctionOf(task as TaskLike<unknown, unknown>)(input);
    })();
    return this.initialized;
  }

  protected prepare(): undefined {
    return undefined;
  }

  /** Runs the batch when the runner's discipline allows it (in order, or under a limit). */
  protected abstract schedule(batch: Batch<undefined>): Promise<Outcome[]>;

  protected runBatch(batch: Batch<undefined>): Promise<Outcome[]> {
    let finish!: (outcomes: Outcome[]) => void;
    const done = new Promise<Outcome[]>((resolve) => (finish = resolve));
    const entry = { batch, finish, done };
    this.running.add(entry);
    const initializing = this.initializeOnce();
    void initializing
      .then(
        () => this.schedule(batch),
        (error: unknown): Outcome[] => rejectedOutcomes(batch.inputs, () => new InitializerError("caller", serializeError(error))),
      )
      .then((outcomes) => {
        this.running.delete(entry);
        finish(outcomes);
      });
    return done;
  }

  protected async shutdown(how: "closed" | "terminated"): Promise<void> {
    if (how === "terminated") {
      for (const entry of this.running) {
        const name = taskNameOf(entry.batch.task);
        entry.finish(rejectedOutcomes(entry.batch.inputs, () => new RunnerClosedError(this.kind, "terminated", name)));
      }
      this.running.clear();
      return;
    }
    await Promise.all([...this.running].map((entry) => entry.done));
  }
}
