import { expect, test } from "vitest";
import { withTimeout } from "../../../lib/runners/with-timeout";

test("withTimeout passes on the promise's value, or rejects with the given error once time is up", async () => {
  expect(await withTimeout(Promise.resolve(7), 1000)).toBe(7);
  await expect(withTimeout(new Promise(() => {}), 20, () => new RangeError("too slow"))).rejects.toThrow(new RangeError("too slow"));
  await expect(withTimeout(new Promise(() => {}), 20)).rejects.toThrow("timed out after 20 ms");
  await expect(withTimeout(Promise.reject(new Error("own failure")), 1000)).rejects.toThrow("own failure");
});
