// Shared primitives reach a worker as the same memory, wherever they sit in the input, and
// what the main loop answers a worker is checked like any other message.
import { afterAll, beforeAll, expect, test } from "vitest";
import { exposeOnMainLoop } from "../../../lib/runners/main-loop/main-loop-handlers";
import { ThreadRunner } from "../../../lib/runners/thread-runner";
import { Mutex } from "../../../lib/sync/mutex";
import { SharedCounter } from "../../../lib/sync/shared-counter";
import { askMainLoopNamedTask } from "../fixtures/tasks";

let threads: ThreadRunner;
beforeAll(() => {
  threads = new ThreadRunner({ workers: 1 });
});
afterAll(() => threads.terminate());

test("a mutex at a byte offset inside a larger buffer is the same lock in the worker", async () => {
  const buffer = new SharedArrayBuffer(2 * Mutex.byteLength);
  const first = new Mutex(buffer, 0);
  const second = new Mutex(buffer, Mutex.byteLength);
  // The worker takes the second lock and returns still holding it.
  expect(await threads.submit((input: { lock: Mutex }) => input.lock.tryLock(), { lock: second })).toBe(true);
  expect(second.isLocked).toBe(true);
  expect(first.isLocked).toBe(false);
});

test("shared primitives inside a Map or a Set arrive as working primitives on the same memory", async () => {
  const hits = new SharedCounter();
  const seen = new SharedCounter();
  const bumped = await threads.submit(
    (input: { counters: Map<string, SharedCounter>; others: Set<SharedCounter> }) => {
      for (const counter of input.others) counter.increment(10);
      return input.counters.get("hits")?.increment(2);
    },
    { counters: new Map([["hits", hits]]), others: new Set([seen]) },
  );
  expect(bumped).toBe(2);
  expect(hits.value).toBe(2);
  expect(seen.value).toBe(10);
});

test("a main-loop answer that cannot be sent rejects the worker's call with the reason instead of hanging it", async () => {
  const remove = exposeOnMainLoop("settingsWithCallback", () => ({ onChange: () => 1 }));
  try {
    const error = await threads.submit(askMainLoopNamedTask, "settingsWithCallback").catch((caught: unknown) => caught as Error);
    expect(String((error as Error).message)).toContain(
      'Cannot send the answer of main-loop handler "settingsWithCallback" to a worker thread: answer.onChange is a function (onChange).',
    );
  } finally {
    remove();
  }
});
