// Parent side of the main-loop bridge: functions a worker may ask the main
// thread's event loop to run (asyncio.run_coroutine_threadsafe, turned around:
// the worker hands a job to the loop and awaits the answer).

type MainLoopHandler = (input: never) => unknown;

const handlers = new Map<string, MainLoopHandler>();

/** Lets workers call `runOnMainLoop(name, input)`; returns a function that removes the handler. */
export function exposeOnMainLoop<I, O>(name: string, handler: (input: I) => O | PromiseLike<O>): () => void {
  handlers.set(name, handler as MainLoopHandler);
  return () => {
    if (handlers.get(name) === handler) handlers.delete(name);
  };
}

/** Runs a handler on this (the main) thread's event loop. */
export async function callMainLoopHandler(name: string, input: unknown): Promise<unknown> {
  const handler = handlers.get(name);
  if (handler === undefined) {
    const known = [...handlers.keys()].map((key) => `"${key}"`).join(", ") || "none";
    throw new Error(`runOnMainLoop("${name}"): no handler with that name; expose one in the main thread with exposeOnMainLoop("${name}", fn). Exposed: ${known}.`);
  }
  return await handler(input as never);
}
