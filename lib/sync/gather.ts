// asyncio.gather and asyncio.wait for promises.

type Awaitable<T> = T | PromiseLike<T>;

/** Values in order. returnExceptions: true puts each error in its slot instead of rejecting. */
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

export const FIRST_COMPLETED = "FIRST_COMPLETED";
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
export const ALL_COMPLETED = "ALL_COMPLETED";
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * asyncio.wait: resolves with the promises that settled (done) and the rest (pending)
 * once returnWhen is met or timeoutMs passes. Never rejects.
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
