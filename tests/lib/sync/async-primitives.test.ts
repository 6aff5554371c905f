import { expect, test } from "vitest";
import { AsyncLock } from "../../../lib/sync/async-lock";
import { AsyncQueue, QueueEmptyError, QueueFullError } from "../../../lib/sync/async-queue";
import { AsyncSemaphore } from "../../../lib/sync/async-semaphore";
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, gather, wait } from "../../../lib/sync/gather";
import { TaskGroup, withTaskGroup } from "../../../lib/sync/task-group";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test("AsyncLock keeps a read-await-write section exclusive", async () => {
  const lock = new AsyncLock();
  let counter = 0;
  const racyIncrement = async (): Promise<void> => {
    const seen = counter;
    await sleep(1);
    counter = seen + 1;
  };
  await Promise.all(Array.from({ length: 20 }, () => racyIncrement()));
  expect(counter).toBeLessThan(20);
  counter = 0;
  await Promise.all(Array.from({ length: 20 }, () => lock.runExclusive(racyIncrement)));
  expect(counter).toBe(20);
  expect(lock.locked).toBe(false);
  expect(() => lock.release()).toThrow("AsyncLock.release() called on a lock that is not held.");
});

test("AsyncSemaphore never lets more than its permits run", async () => {
  const semaphore = new AsyncSemaphore(3);
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 12 }, () =>
      semaphore.withPermit(async () => {
        inside += 1;
        most = Math.max(most, inside);
        await sleep(2);
        inside -= 1;
      }),
    ),
  );
  expect(most).toBe(3);
  expect(semaphore.availablePermits).toBe(3);
});

test("AsyncQueue with maxsize: producers wait for room, nothing is lost or duplicated, join waits for taskDone", async () => {
  const queue = new AsyncQueue<number>(2);
  const consumed: number[] = [];
  const consumer = async (): Promise<void> => {
    for (;;) {
      const item = await queue.get();
      if (item < 0) return;
      await sleep(0);
      consumed.push(item);
      queue.taskDone();
    }
  };
  const consumers = [consumer(), consumer()];
  for (let item = 0; item < 50; item += 1) {
    await queue.put(item);
    expect(queue.size).toBeLessThanOrEqual(2);
  }
  await queue.join();
  expect(consumed.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index));
  await queue.put(-1);
  await queue.put(-1);
  await Promise.all(consumers);
});

test("AsyncQueue non-blocking operations throw when full or empty", () => {
  const queue = new AsyncQueue<string>(1);
  expect(() => queue.getNowait()).toThrow(QueueEmptyError);
  queue.putNowait("a");
  expect(() => queue.putNowait("b")).toThrow(QueueFullError);
  expect(queue.getNowait()).toBe("a");
  queue.taskDone();
  expect(() => queue.taskDone()).toThrow("AsyncQueue.taskDone() called more times than items were put.");
});

test("TaskGroup: the first failure aborts the others and is what wait() rejects with", async () => {
  const group = new TaskGroup();
  let sawAbort = false;
  void group
    .spawn(async (signal) => {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      sawAbort = true;
    })
    .catch(() => {});
  void group
    .spawn(async () => {
      await sleep(5);
      throw new Error("first");
    })
    .catch(() => {});
  await expect(group.wait()).rejects.toThrow("first");
  expect(sawAbort).toBe(true);
  expect(await withTaskGroup(async (each) => [await each.spawn(() => 1), await each.spawn(async () => 2)])).toEqual([1, 2]);
});

test("withTaskGroup: when the body throws, its tasks are cancelled, awaited, and the body's error is thrown", async () => {
  let cancelledWith: unknown;
  let settled = false;
  const failing = withTaskGroup(async (group) => {
    void group.spawn(async (signal) => {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      cancelledWith = signal.reason;
      settled = true;
    });
    await sleep(5);
    throw new Error("body failed");
  });
  await expect(failing).rejects.toThrow("body failed");
  expect(settled).toBe(true);
  expect((cancelledWith as Error).message).toBe("body failed");
});

test("TaskGroup.cancel aborts every task; wait() rejects with the reason and spawn refuses", async () => {
  const group = new TaskGroup();
  const running = group.spawn((signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error))));
  group.cancel(new Error("stop now"));
  await expect(running).rejects.toThrow("stop now");
  await expect(group.wait()).rejects.toThrow("stop now");
  expect(() => group.spawn(() => 1)).toThrow("cannot spawn after a task failed or the group was cancelled");
});

test("gather keeps order; returnExceptions puts errors in their slots", async () => {
  expect(await gather([sleep(5).then(() => "slow"), "now", Promise.resolve("three")])).toEqual(["slow", "now", "three"]);
  await expect(gather([Promise.reject(new Error("bad")), 1])).rejects.toThrow("bad");
  const mixed = await gather([Promise.reject(new Error("bad")), 1], { returnExceptions: true });
  expect((mixed[0] as Error).message).toBe("bad");
  expect(mixed[1]).toBe(1);
});

test("wait returns done and pending sets for each returnWhen", async () => {
  const fast = sleep(5).then(() => "fast");
  const failing = sleep(10).then(() => Promise.reject(new Error("x")));
  const slow = sleep(60).then(() => "slow");
  failing.catch(() => {});
  const first = await wait([fast, failing, slow], { returnWhen: FIRST_COMPLETED });
  expect([...first.done]).toEqual([fast]);
  const exception = await wait([fast, failing, slow], { returnWhen: FIRST_EXCEPTION });
  expect(exception.done.has(failing)).toBe(true);
  expect(exception.pending.has(slow)).toBe(true);
  const timedOut = await wait([slow], { timeoutMs: 1 });
  expect(timedOut.pending.has(slow)).toBe(true);
  const all = await wait([fast, failing, slow], { returnWhen: ALL_COMPLETED });
  expect(all.done.size).toBe(3);
  expect(all.pending.size).toBe(0);
});
