import { afterAll, beforeAll, expect, test } from "vitest";
import { ThreadRunner } from "../../../lib/runners/thread-runner";
import { ProcessRunner } from "../../../lib/runners/process-runner";
import { exposeOnMainLoop } from "../../../lib/runners/main-loop/main-loop-handlers";
import { Mutex } from "../../../lib/sync/mutex";
import { Semaphore } from "../../../lib/sync/semaphore";
import { SharedCounter } from "../../../lib/sync/shared-counter";
import { SharedEvent } from "../../../lib/sync/shared-event";
import { SharedQueue } from "../../../lib/sync/shared-queue";
import { SimulatedGIL } from "../../../lib/sync/simulated-gil";
import {
  askMainLoopTask,
  consumeTask,
  countThenFailOnThreeTask,
  doubleTask,
  holdPermitTask,
  incrementAtomicTask,
  incrementLockedTask,
  incrementRacyTask,
  ioWithGilTask,
  produceTask,
  spinWithGilTask,
  waitForEventTask,
} from "../fixtures/tasks";
import { childPids } from "../../support/processes";

let threads: ThreadRunner;

beforeAll(async () => {
  threads = new ThreadRunner({ workers: 4 });
  // Start all four workers now, so tasks meant to overlap are not delayed by a worker's start-up.
  await threads.map(doubleTask, [1, 2, 3, 4], { chunksize: 1 });
  expect(threads.liveWorkers).toBe(4);
});

afterAll(async () => {
  await threads.close();
  expect(threads.liveWorkers).toBe(0);
  expect(childPids()).toEqual([]);
});

test("the racy increment loses updates between threads when fuzzed", async () => {
  const counter = new SharedCounter();
  await threads.map(
    incrementRacyTask,
    [0, 1].map(() => ({ counter, times: 300, fuzzMs: 0.3 })),
    { chunksize: 1 },
  );
  expect(counter.value).toBeLessThan(600);
});

test("the atomic increment never loses an update", async () => {
  const counter = new SharedCounter();
  await threads.map(
    incrementAtomicTask,
    [0, 1, 2, 3].map(() => ({ counter, times: 50_000 })),
    { chunksize: 1 },
  );
  expect(counter.value).toBe(200_000);
});

test("the racy increment under a Mutex never loses an update", async () => {
  const counter = new SharedCounter();
  const mutex = new Mutex();
  await threads.map(
    incrementLockedTask,
    [0, 1, 2].map(() => ({ counter, mutex, times: 100, fuzzMs: 0.2 })),
    { chunksize: 1 },
  );
  expect(counter.value).toBe(300);
  expect(mutex.isLocked).toBe(false);
});

test("a small SharedQueue between two producers and two consumers never loses or duplicates an item", async () => {
  const queue = new SharedQueue(4);
  const work = [
    threads.submit(produceTask, { queue, from: 0, to: 500 }),
    threads.submit(produceTask, { queue, from: 500, to: 1000 }),
    threads.submit(consumeTask, { queue, count: 600 }),
    threads.submit(consumeTask, { queue, count: 400 }),
  ];
  const [, , first, second] = await Promise.all(work);
  const taken = [...(first as number[]), ...(second as number[])].sort((a, b) => a - b);
  expect(taken).toEqual(Array.from({ length: 1000 }, (_, index) => index));
  expect(queue.size).toBe(0);
});

test("SharedQueue non-blocking operations report full and empty", () => {
  const queue = new SharedQueue(2);
  expect(queue.tryGet()).toBeUndefined();
  expect(queue.tryPut(1)).toBe(true);
  expect(queue.tryPut(2)).toBe(true);
  expect(queue.tryPut(3)).toBe(false);
  expect(queue.put(3, 20)).toBe(false);
  expect([queue.tryGet(), queue.tryGet(), queue.get(20)]).toEqual([1, 2, undefined]);
});

test("a Semaphore never lets more than its permits in", async () => {
  const semaphore = new Semaphore(2);
  const inside = new SharedCounter();
  const violations = new SharedCounter();
  await threads.map(
    holdPermitTask,
    Array.from({ length: 40 }, () => ({ semaphore, inside, violations, permits: 2 })),
    { chunksize: 5 },
  );
  expect(violations.value).toBe(0);
  expect(semaphore.available).toBe(2);
});

test("a SharedEvent wakes a waiting thread", async () => {
  const event = new SharedEvent();
  const waiting = threads.submit(waitForEventTask, event);
  setTimeout(() => event.set(), 50);
  expect(await waiting).toBe(true);
  expect(await event.waitAsync(10)).toBe(true);
});

test("the SimulatedGIL lets one thread run at a time and switches between them", async () => {
  const gil = new SimulatedGIL({ switchIntervalMs: 5 });
  const active = new SharedCounter();
  const violations = new SharedCounter();
  await threads.map(
    spinWithGilTask,
    [0, 1].map(() => ({ gil, active, violations, ms: 150 })),
    { chunksize: 1 },
  );
  expect(violations.value).toBe(0);
  expect(gil.switchCount).toBeGreaterThan(2);
  expect(gil.switchIntervalMs).toBe(5);
});

test("the SimulatedGIL is free while its holder does simulated I/O", async () => {
  const gil = new SimulatedGIL();
  const entered = new SharedEvent();
  const finished = new SharedCounter();
  const io = threads.submit(ioWithGilTask, { gil, entered, finished, ms: 1000 });
  expect(await entered.waitAsync(10_000)).toBe(true);
  gil.acquire(); // blocks this thread until the GIL is free: it must be, long before the I/O ends
  const finishedMeanwhile = finished.value;
  gil.release();
  await io;
  expect(finishedMeanwhile).toBe(0);
  expect(finished.value).toBe(1);
});

test("map cancels the tasks not yet started after the first failure", async () => {
  const counter = new SharedCounter();
  const runner = new ThreadRunner({ workers: 1 });
  const inputs = Array.from({ length: 20 }, (_, n) => ({ counter, n, ms: 20 }));
  await expect(runner.map(countThenFailOnThreeTask, inputs, { chunksize: 1 })).rejects.toThrow('Task "countThenFailOnThree" failed on input');
  await runner.close();
  expect(counter.value).toBeLessThan(10);
});

test("runOnMainLoop hands a job from a worker to the main thread's event loop", async () => {
  const remove = exposeOnMainLoop("add", async (input: { a: number; b: number }) => input.a + input.b);
  const processes = new ProcessRunner({ workers: 1 });
  try {
    expect(await threads.submit(askMainLoopTask, { a: 2, b: 3 })).toBe(5);
    expect(await processes.submit(askMainLoopTask, { a: 4, b: 5 })).toBe(9);
  } finally {
    remove();
    await processes.close();
  }
  await expect(threads.submit(askMainLoopTask, { a: 1, b: 1 })).rejects.toThrow('runOnMainLoop("add"): no handler with that name');
});

test("a shared primitive cannot go to a child process, and the error says why", async () => {
  const processes = new ProcessRunner({ workers: 1 });
  await expect(processes.submit(incrementAtomicTask, { counter: new SharedCounter(), times: 1 })).rejects.toThrow(
    'Cannot send the task input to a child process (serialization: "json"): input.counter is a shared-memory SharedCounter. Shared memory only works between threads; use a ThreadRunner.',
  );
  await processes.close();
});
