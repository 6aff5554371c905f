// asyncio.gather and asyncio.wait for promises.

type Awaitable<T> = T | PromiseLike<T>;

/**
 * Waits for all the promises (or plain values) and resolves with their values in the order
 * given, not the order they finish. Without options it rejects with the first failure (the
 * others keep running, unobserved); with `returnExceptions: true` each failure takes its slot
 * as an Error instead (a thrown non-Error is wrapped in one), so one failure loses nothing.
 *
 * Python: `asyncio.gather(*aws, return_exceptions=…)`.
 *
 * @example
 * const slowDouble = async (n: number) => {
 *   await new Promise((resolve) => setTimeout(resolve, 10 * n));
 *   if (n === 2) throw new Error("two is unlucky");
 *   return 2 * n;
 * };
 * console.log(await gather([slowDouble(3), slowDouble(2), slowDouble(1)], { returnExceptions: true }));
 * // [6, Error: two is unlucky, 2]: in the order given, not the order they finished
 */
export function gather<T>(awaitables: Iterable<Awaitable<T>>, options?: { returnExceptions?: false }): Promise<T[]>;
export function gather<T>(awaitables: Iterable<Awaitable<T>>, options: { returnExceptions: true }): Promise<Array<T | Error>>;
export async function gather<T>(awaitables: Iterable<Awaitable<T>>, options: { returnExceptions?: boolean } = {}): Promise<Array<T | Error>> {
  const all = [...awaitables].map((item) => Promise.resolve(item));
  if (options.returnExceptions !== true) return Promise.all(all);
  const settled = await Promise.allSettled(all);
  return settled.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : toError(outcome.reason)));
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/**
 * wait()'s returnWhen: return as soon as any promise settles, fulfilled or rejected.
 *
 * Python: `asyncio.FIRST_COMPLETED`.
 *
 * @example
 * const { done } = await wait(timers, { returnWhen: FIRST_COMPLETED }); // the fastest one
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * wait()'s returnWhen: return as soon as any promise rejects, or when all have settled.
 *
 * Python: `asyncio.FIRST_EXCEPTION`.
 *
 * @example
 * const { done, pending } = await wait(timers, { returnWhen: FIRST_EXCEPTION });
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * wait()'s returnWhen (the default): return when every promise has settled, or at the timeout.
 *
 * Python: `asyncio.ALL_COMPLETED`.
 *
 * @example
 * const { done, pending } = await wait(timers, { returnWhen: ALL_COMPLETED, timeoutMs: 1_000 });
 */
export const ALL_COMPLETED = "ALL_COMPLETED";
/**
 * When wait() returns: FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED (the strings of the
 * same names).
 *
 * Python: the `return_when` argument of `asyncio.wait`.
 *
 * @example
 * const returnWhen: ReturnWhen = FIRST_EXCEPTION;
 * const { done, pending } = await wait(timers, { returnWhen });
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * Waits until returnWhen is met or timeoutMs passes, then resolves with two sets of the same
 * promise objects: `done` (settled) and `pending` (not yet). It never rejects and cancels
 * nothing: await the promises in `done` for their values or errors, and decide what to do
 * with the pending ones. Keep your own references to the promises to look them up.
 *
 * Python: `asyncio.wait(aws, timeout=…, return_when=…)`.
 *
 * @example
 * const after = (ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms));
 * const timers = [after(50), after(500), after(5_000)];
 * const { done, pending } = await wait(timers, { timeoutMs: 1_000 });
 * console.log(`${done.size} done within 1 s, ${pending.size} pending`); // 2 done, 1 pending
 * for (const timer of done) console.log(await timer); // 50, then 500: in the order they settled
 */
export async function wait<T>(
  promises: Iterable<Promise<T>>,
  options: { returnWhen?: ReturnWhen; timeoutMs?: number } = {},
): Promise<{ done: Set<Promise<T>>; pending: Set<Promise<T>> }> {
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  const pending = new Set(promises);
  const done = new Set<Promise<T>>();
  if (pending.size === 0) return { done, pending };
  await new Promise<void>((resolve) => {
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(resolve, options.timeoutMs);
    const finish = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    };
    for (const promise of pending) {
      promise.then(
        () => {
          if (!pending.delete(promise)) return;
          done.add(promise);
          if (returnWhen === FIRST_COMPLETED || pending.size === 0) finish();
        },
        () => {
          if (!pending.delete(promise)) return;
          done.add(promise);
          if (returnWhen !== ALL_COMPLETED || pending.size === 0) finish();
        },
      );
    }
  });
  // Snapshots: later settlements must not move promises between the sets the caller holds.
  return { done: new Set(done), pending: new Set(pending) };
}
