import { expect, test } from "vitest";
import { recordTimerLateness } from "../../../lib/measure/timer-lateness";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function blockFor(ms: number): number {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins += 1;
  return spins;
}

const maxLag = (samples: { lagMs: number }[]) => Math.max(...samples.map((sample) => sample.lagMs));

test("a busy synchronous loop on the main thread makes a tick fire late", async () => {
  const { result, samples } = await recordTimerLateness(() => blockFor(100), { series: "busy loop" });
  expect(result).toBeGreaterThan(0);
  expect(maxLag(samples)).toBeGreaterThanOrEqual(50);
  expect(samples.every((sample) => sample.series === "busy loop" && sample.lagMs >= 0)).toBe(true);
});

test("awaiting keeps ticks on time compared with blocking; samples are ordered and the timer stops", async () => {
  const idle = await recordTimerLateness(
    async () => {
      for (let step = 0; step < 10; step += 1) await sleep(10);
      return "done";
    },
    { intervalMs: 5 },
  );
  const busy = await recordTimerLateness(async () => {
    await sleep(10);
    blockFor(100);
  });
  expect(idle.result).toBe("done");
  expect(idle.samples.length).toBeGreaterThan(3);
  expect(maxLag(idle.samples)).toBeLessThan(maxLag(busy.samples));
  const times = idle.samples.map((sample) => sample.timeMs);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(idle.samples.every((sample) => sample.lagMs >= 0 && !("series" in sample))).toBe(true);
  const count = idle.samples.length;
  await sleep(30);
  expect(idle.samples.length).toBe(count);
});

const activeTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;

test("a failing run rejects with its error and leaves no timer behind; bad intervals are refused", async () => {
  const before = activeTimers();
  await expect(
    recordTimerLateness(() => {
      throw new Error("boom");
    }),
  ).rejects.toThrow("boom");
  await expect(
    recordTimerLateness(async () => {
      await sleep(10);
      throw new Error("late boom");
    }),
  ).rejects.toThrow("late boom");
  expect(activeTimers()).toBe(before);
  await expect(recordTimerLateness(() => 1, { intervalMs: 0 })).rejects.toThrow("intervalMs must be a number >= 1 (timers are not finer), got 0.");
});
