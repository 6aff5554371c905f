import { describe, expect, test } from "vitest";
import { checkDelivery, createLockedList } from "../../../lib/course/06-tooling";

describe("checkDelivery", () => {
  test("items split over consumers, each taken once, are delivered exactly once", () => {
    const check = checkDelivery([1, 2, 3, 4], [[1, 3], [2, 4]]);
    expect(check).toEqual({ produced: 4, consumed: 4, duplicates: 0, missing: 0, unexpected: 0, perConsumer: "2 / 2", exactlyOnce: true });
  });

  test("an item taken by two consumers counts as a duplicate", () => {
    const check = checkDelivery([1, 2, 3], [[1, 2], [2, 3]]);
    expect(check.duplicates).toBe(1);
    expect(check.consumed).toBe(4);
    expect(check.exactlyOnce).toBe(false);
  });

  test("an item nobody took counts as missing, one nobody put as unexpected", () => {
    const check = checkDelivery([1, 2, 3], [[1], [2, 9]]);
    expect(check.missing).toBe(1);
    expect(check.unexpected).toBe(1);
    expect(check.exactlyOnce).toBe(false);
  });
});

describe("createLockedList", () => {
  test("starts empty, with room for the items after the two counters, in shared memory", () => {
    const list = createLockedList(5);
    expect(Array.from(list.cells)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(list.cells.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(list.mutex.withLock(() => "held")).toBe("held");
  });

  test("refuses a capacity that is not a whole number, saying so", () => {
    expect(() => createLockedList(-1)).toThrow("capacity must be a whole number >= 0, got -1.");
  });
});
