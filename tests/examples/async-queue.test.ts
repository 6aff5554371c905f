// How to test async code, on the producer/consumer of the "Tooling" notebook (06-tooling.ipynb).
// Each test awaits what it checks (a forgotten await makes a test pass without checking anything),
// waits on events rather than on sleeps, and has a time limit so a deadlock fails instead of hanging.
import { describe, expect, test } from "vitest";
import { AsyncQueue } from "../../lib";

/** Takes items until it gets `null`, marking each one done; returns what it took. */
async function consumer(queue: AsyncQueue<number | null>): Promise<number[]> {
  const taken: number[] = [];
  for (let item = await queue.get(); item !== null; item = await queue.get()) {
    taken.push(item);
    await Promise.resolve(); // stands for real async work between items
    queue.taskDone();
  }
  queue.taskDone(); // the null itself
  return taken;
}

describe("AsyncQueue producer/consumer", () => {
  test("three consumers take every item exactly once, and join() waits for all of them", { timeout: 2_000 }, async () => {
    const queue = new AsyncQueue<number | null>();
    const consumers = [consumer(queue), consumer(queue), consumer(queue)];
    for (let item = 0; item < 30; item += 1) await queue.put(item);
    await queue.join();
    for (const _ of consumers) await queue.put(null);
    const taken = await Promise.all(consumers);
    expect(taken.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, item) => item));
    expect(taken.every((items) => items.length > 0)).toBe(true);
  });

  test("join() stays pending until the last item is marked done", async () => {
    const queue = new AsyncQueue<number>();
    queue.putNowait(1);
    let joined = false;
    const joining = queue.join().then(() => (joined = true));
    await queue.get();
    await Promise.resolve();
    expect(joined).toBe(false);
    queue.taskDone();
    await joining;
    expect(joined).toBe(true);
  });

  test("a full queue makes the producer wait until a consumer takes an item (back-pressure)", async () => {
    const queue = new AsyncQueue<number>(1);
    await queue.put(1);
    let secondPut = false;
    const putting = queue.put(2).then(() => (secondPut = true));
    await Promise.resolve();
    expect(secondPut).toBe(false);
    expect(await queue.get()).toBe(1);
    await putting;
    expect(secondPut).toBe(true);
    expect(await queue.get()).toBe(2);
  });

  test("get() on an empty queue waits for the next put instead of failing", async () => {
    const queue = new AsyncQueue<string>();
    const getting = queue.get();
    queue.putNowait("late item");
    await expect(getting).resolves.toBe("late item");
  });
});
