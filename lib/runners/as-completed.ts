// concurrent.futures.as_completed for promises: values in the order they settle.
import { CompletionQueue } from "./completion-queue";

/**
 * Yields each promise's value in the order they settle, so you can use results while slower
 * ones are still running; throws the first rejection it reaches (the others keep running).
 * Works on any promises: runner.submit's, fetch's, your own.
 *
 * Python: `concurrent.futures.as_completed(futures)` and `asyncio.as_completed`, which yield
 * the futures (call `.result()`); this yields the values.
 *
 * @example
 * const futures = [300_000, 10_000, 100_000].map((limit) => runner.submit(countPrimesTask, limit));
 * for await (const count of asCompleted(futures)) console.log(count); // smaller limits first, with 2+ workers
 */
export async function* asCompleted<T>(futures: Iterable<PromiseLike<T>>): AsyncIterableIterator<T> {
  const queue = new CompletionQueue<T>();
  for (const future of futures) queue.add(future);
  for (let result = await queue.next(); result !== undefined; result = await queue.next()) {
    if (result.status === "rejected") throw result.reason;
    yield result.value;
  }
}
