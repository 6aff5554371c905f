// Worker side of the main-loop bridge: hand a job to the main thread's event loop
// and await its answer. On the main thread itself it simply calls the handler.
import { workerChannel } from "../worker/worker-channel";
import { callMainLoopHandler } from "./main-loop-handlers";

/**
 * From inside a task on a thread or process worker: asks the main thread to run the handler
 * exposed as `name` (exposeOnMainLoop) with `input`, and resolves with its answer, while the
 * worker's own event loop stays free. Rejects with an Error carrying the handler's error name
 * and message, or listing the exposed names when none is called `name`; in a distributed worker
 * it always rejects (its caller is elsewhere). Called on the main thread itself, it simply runs
 * the handler. Use it in a module task (defineTask): a function shipped by its source cannot
 * import it.
 *
 * Python: `asyncio.run_coroutine_threadsafe(coro, loop).result()`, from a worker thread.
 *
 * @example
 * // notebooks/prices.ts:
 * import { defineTask, runOnMainLoop } from "../lib";
 * export async function totalPrice(fruits: string[]): Promise<number> {
 *   const prices = await Promise.all(fruits.map((fruit) => runOnMainLoop<number>("price", fruit)));
 *   return prices.reduce((sum, price) => sum + price, 0);
 * }
 * export const totalPriceTask = defineTask(__filename, totalPrice);
 * // a notebook cell:
 * import { totalPriceTask } from "./prices";
 * const prices = new Map([["apple", 3], ["pear", 5]]);
 * const remove = exposeOnMainLoop("price", (fruit: string) => prices.get(fruit) ?? 0);
 * const threads = createRunner("threads", { workers: 2 });
 * console.log(await threads.submit(totalPriceTask, ["apple", "pear"])); // 8
 * await threads.close();
 * remove();
 */
export function runOnMainLoop<O = unknown>(name: string, input?: unknown): Promise<O> {
  const channel = workerChannel();
  const answer = channel === undefined ? callMainLoopHandler(name, input) : channel.callMainLoop(name, input);
  return answer as Promise<O>;
}
