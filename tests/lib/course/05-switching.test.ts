import { expect, test } from "vitest";
import { awaitCost, generatorStepCost, plainCallCost } from "../../../lib/course/05-switching";

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
