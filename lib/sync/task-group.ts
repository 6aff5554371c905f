// asyncio.TaskGroup: start tasks, wait for all; the first failure aborts the
// others (through the signal each task receives) and is what wait() rejects with.

/**
 * Starts async tasks that belong together and waits for all of them; when one fails, the
 * group aborts its signal so the others can stop early, and wait() rejects with that first
 * failure. Stopping is cooperative: each task gets the group's AbortSignal and must pass it
 * on (to fetch, timers, runner calls) or check it; a task that ignores it runs to its end.
 *
 * Python: `asyncio.TaskGroup`, whose spawn is `create_task`; but asyncio cancels the other
 * tasks itself and raises an ExceptionGroup of every failure, where this rejects with the first.
 *
 * @example
 * import { setTimeout as sleep } from "node:timers/promises";
 * const group = new TaskGroup();
 * group.spawn(async (signal) => { await sleep(2_000, undefined, { signal }); return "slow"; });
 * group.spawn(async () => { await sleep(50); throw new Error("broken"); });
 * await group.wait().catch((error: Error) => console.log(error.message)); // "broken", after 50 ms, not 2 s
 */
export class TaskGroup {
  private readonly controller = new AbortController();
  private readonly running: Promise<unknown>[] = [];
  private firstError: { error: unknown } | undefined;

  /**
   * Aborted when a task of the group fails (its reason is that failure); pass it to fetch,
   * timers and runners so they stop too. The same signal each task receives.
   *
   * Python: none; asyncio cancels the tasks for you.
   *
   * @example
   * group.spawn(() => runner.submit(countPrimesTask, 1_000_000, { signal: group.signal }));
   */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Starts `task(signal)` (on the next microtask) as part of the group and returns its own
   * promise, for its value; its failure also goes to wait() and aborts the group. Throws an
   * Error, without starting it, once a task of the group has failed or the group was
   * cancelled; a task whose group is cancelled before its turn never starts.
   *
   * Python: `group.create_task(coro)`.
   *
   * @example
   * const page = group.spawn((signal) => fetch(server.urlFor(), { signal }).then((response) => response.text()));
   */
  spawn<T>(task: (signal: AbortSignal) => T | PromiseLike<T>): Promise<T> {
    if (this.controller.signal.aborted) throw new Error("TaskGroup: cannot spawn after a task failed or the group was cancelled; the group is cancelling.");
    const signal = this.controller.signal;
    // Like an asyncio task cancelled before it ran: it never starts.
    const running = Promise.resolve().then(() => (signal.aborted ? Promise.reject(signal.reason as unknown) : task(signal)));
    this.running.push(running.catch((error: unknown) => this.cancel(error)));
    return running;
  }

  /**
   * Cancels the group: its signal aborts with `reason`, so every task that listens stops, no
   * task can be spawned any more, and wait() rejects with `reason` once the tasks have settled.
   *
   * Python: what `async with asyncio.TaskGroup()` does to its tasks when the block raises.
   *
   * @example
   * const stop = setTimeout(() => group.cancel(new Error("took too long")), 5_000);
   */
  cancel(reason?: unknown): void {
    if (this.firstError !== undefined) return;
    this.firstError = { error: reason };
    this.controller.abort(reason);
  }

  /**
   * Resolves once every task has settled, including ones spawned meanwhile; rejects with the
   * first failure, but only after the other tasks have settled too (aborted or not).
   *
   * Python: leaving the `async with asyncio.TaskGroup()` block.
   *
   * @example
   * await group.wait();
   */
  async wait(): Promise<void> {
    for (let waited = 0; waited < this.running.length; waited = this.running.length) {
      await Promise.all(this.running.slice(waited));
    }
    if (this.firstError !== undefined) throw this.firstError.error;
  }
}

/**
 * Runs body with a fresh TaskGroup, waits for every task it spawned, and resolves with body's
 * result; rejects with the first task's failure. If body itself throws, the group is cancelled
 * (its signal aborts with body's error, so tasks that listen stop), the tasks are awaited, and
 * body's error is thrown.
 *
 * Python: `async with asyncio.TaskGroup() as group: …`.
 *
 * @example
 * const server = await startLatencyServer({ latencyMs: 20 });
 * const sizes = await withTaskGroup(async (group) => {
 *   const pages = [1, 2, 3].map(() => group.spawn((signal) => fetch(server.urlFor(), { signal }).then((response) => response.text())));
 *   return (await Promise.all(pages)).map((page) => page.length);
 * });
 * await server.stop();
 */
export async function withTaskGroup<T>(body: (group: TaskGroup) => T | PromiseLike<T>): Promise<T> {
  const group = new TaskGroup();
  let result: T;
  try {
    result = await body(group);
  } catch (error) {
    group.cancel(error);
    await group.wait().catch(() => {});
    throw error;
  }
  await group.wait();
  return result;
}
