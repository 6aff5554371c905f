// Parent side of the main-loop bridge: functions a worker may ask the main
// thread's event loop to run (asyncio.run_coroutine_threadsafe, turned around:
// the worker hands a job to the loop and awaits the answer).

type MainLoopHandler = (input: never) => unknown;

const handlers = new Map<string, MainLoopHandler>();

/**
 * Registers `handler` under `name` on the main thread, so tasks in thread and process workers
 * can ask for it with `runOnMainLoop(name, input)`: for what only the main thread has (the
 * notebook's variables, a cache, one open connection). The handler runs on the main event loop
 * and may be async; its input and answer are copied between threads, so keep both plain data.
 * A second handler under the same name replaces the first. Returns a function that removes it.
 *
 * Python: none needed; Python threads can reach the loop directly with
 * `asyncio.run_coroutine_threadsafe(coro, loop)`. Workers here share no functions, so the
 * main thread names what they may ask for.
 *
 * @example
 * const prices = new Map([["apple", 3], ["pear", 5]]);
 * const remove = exposeOnMainLoop("price", (fruit: string) => prices.get(fruit) ?? 0);
 * // … run tasks that call runOnMainLoop("price", fruit) …
 * remove();
 */
export function exposeOnMainLoop<I, O>(name: string, handler: (input: I) => O | PromiseLike<O>): () => void {
  handlers.set(name, handler);
  return () => {
    if (handlers.get(name) === handler) handlers.delete(name);
  };
}

/** Runs a handler on this (the main) thread's event loop. */
export async function callMainLoopHandler(name: string, input: unknown): Promise<unknown> {
  const handler = handlers.get(name);
  if (handler === undefined) {
    const known = [...handlers.keys()].map((key) => `"${key}"`).join(", ") || "none";
    throw new Error(
      `runOnMainLoop("${name}"): no handler with that name; expose one in the main thread with exposeOnMainLoop("${name}", fn). Exposed: ${known}.`,
    );
  }
  return await handler(input as never);
}
