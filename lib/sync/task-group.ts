// asyncio.TaskGroup: start tasks, wait for all; the first failure aborts the
// others (through the signal each task receives) and is what wait() rejects with.

export class TaskGroup {
  private readonly controller = new AbortController();
  private readonly running: Promise<unknown>[] = [];
  private firstError: { error: unknown } | undefined;

  /** Aborted when a task of the group fails; pass it to fetch, timers, runners. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  spawn<T>(task: (signal: AbortSignal) => T | PromiseLike<T>): Promise<T> {
    if (this.controller.signal.aborted) throw new Error("TaskGroup: cannot spawn after a task failed; the group is cancelling.");
    const running = Promise.resolve().then(() => task(this.controller.signal));
    this.running.push(
      running.catch((error: unknown) => {
        if (this.firstError === undefined) {
          this.firstError = { error };
          this.controller.abort(error);
        }
      }),
    );
    return running;
  }

  /** Waits for every task (including ones spawned meanwhile); rejects with the first failure. */
  async wait(): Promise<void> {
    for (let waited = 0; waited < this.running.length; waited = this.running.length) {
      await Promise.all(this.running.slice(waited));
    }
    if (this.firstError !== undefined) throw this.firstError.error;
  }
}

/** Runs body with a fresh group and waits for all its tasks (like `async with TaskGroup() as group:`). */
export async function withTaskGroup<T>(body: (group: TaskGroup) => T | PromiseLike<T>): Promise<T> {
  const group = new TaskGroup();
  let result: T;
  try {
    result = await body(group);
  } finally {
    await group.wait().catch(() => {});
  }
  await group.wait();
  return result;
}
