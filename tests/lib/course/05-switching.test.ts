import { expect, test } from "vitest";
import {
  appendPairs, appendPairsTask, appendSequence, appendSequenceTask, awaitCost, computeFor, countBrokenPairs,
  generatorStepCost, lagSummary, plainCallCost,
} from "../../../lib/course/05-switching";
import { ThreadRunner } from "../../../lib/runners/thread-runner";
import { Mutex } from "../../../lib/sync/mutex";
import { SharedCounter } from "../../../lib/sync/shared-counter";
import { SharedQueue } from "../../../lib/sync/shared-queue";

function drain(queue: SharedQueue): number[] {
  return Array.from({ length: queue.size }, () => queue.tryGet() as number);
}

test("appendSequence, run in two worker threads, appends each thread's own numbers in order", async () => {
  const queue = new SharedQueue(20);
  const ready = new SharedCounter();
  const threads = new ThreadRunner({ workers: 2 });
  try {
    await threads.map(appendSequenceTask, [1, -1].map((sign) => ({ queue, ready, sign, items: 10, spinMicroseconds: 0 })), { chunksize: 1 });
  } finally {
    await threads.close();
  }
  const entries = drain(queue);
  expect(entries.filter((value) => value > 0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(entries.filter((value) => value < 0)).toEqual([-1, -2, -3, -4, -5, -6, -7, -8, -9, -10]);
});

test("appendPairs with a mutex, run in two worker threads, keeps every pair together", async () => {
  const queue = new SharedQueue(40);
  const ready = new SharedCounter();
  const mutex = new Mutex();
  const threads = new ThreadRunner({ workers: 2 });
  try {
    await threads.map(appendPairsTask, [1, -1].map((sign) => ({ queue, ready, mutex, sign, items: 10, spinMicroseconds: 20 })), { chunksize: 1 });
  } finally {
    await threads.close();
  }
  const entries = drain(queue);
  expect(entries).toHaveLength(40);
  expect(countBrokenPairs(entries)).toBe(0);
});

test("in one thread, appendSequence and appendPairs append what they promise", () => {
  const queue = new SharedQueue(8);
  const ready = new SharedCounter();
  ready.increment(); // stands in for the other thread
  expect(appendSequence({ queue, ready, sign: -1, items: 2, spinMicroseconds: 0 })).toBe(2);
  expect(drain(queue)).toEqual([-1, -2]);
  const again = new SharedCounter();
  again.increment();
  expect(appendPairs({ queue, ready: again, mutex: null, sign: 1, items: 2, spinMicroseconds: 0 })).toBe(2);
  expect(drain(queue)).toEqual([1, 1, 2, 2]);
});

test("countBrokenPairs counts the pairs split by another number", () => {
  expect(countBrokenPairs([1, 1, -1, -1, 2, 2])).toBe(0);
  expect(countBrokenPairs([1, -1, 1, -1, 2, 2])).toBe(2);
});

test("computeFor keeps the thread busy for at least the given time", () => {
  const started = performance.now();
  computeFor(5);
  expect(performance.now() - started).toBeGreaterThanOrEqual(5);
});

test("lagSummary gives each run's series, tick count and worst lag", () => {
  const rows = lagSummary([
    { samples: [{ timeMs: 5, lagMs: 1, series: "a" }, { timeMs: 40, lagMs: 30, series: "a" }] },
    { samples: [{ timeMs: 5, lagMs: 0.5, series: "b" }] },
  ]);
  expect(rows).toEqual([{ series: "a", ticks: 2, worstLagMs: 30 }, { series: "b", ticks: 1, worstLagMs: 0.5 }]);
});

test("each cost is a positive number of nanoseconds per call", async () => {
  for (const cost of [plainCallCost(10_000), await awaitCost(10_000), generatorStepCost(10_000)]) {
    expect(Number.isFinite(cost)).toBe(true);
    expect(cost).toBeGreaterThanOrEqual(0);
  }
});

test("an await costs more than a plain call (a promise and a trip through the microtask queue against a jump)", async () => {
  expect(await awaitCost(100_000)).toBeGreaterThan(plainCallCost(100_000));
});

test("bad call counts are refused with the reason", async () => {
  expect(() => plainCallCost(0)).toThrow("calls must be a whole number >= 1, got 0.");
  await expect(awaitCost(1.5)).rejects.toThrow("calls must be a whole number >= 1");
});
