// concurrent.futures.as_completed for promises: values in the order they settle.
import { CompletionQueue } from "./completion-queue";

/** Yields each promise's value as it settles; throws the first rejection it reaches. */
export async function* asCompleted<T>(futures: Iterable<PromiseLike<T>>): AsyncIterableIterator<T> {
  const queue = new CompletionQueue<T>();
  for (const future of futures) queue.add(future);
  for (let result = await queue.next(); result !== undefined; result = await queue.next()) {
    if (result.status === "rejected") throw result.reason;
    yield result.value;
  }
}
