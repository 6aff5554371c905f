import { expect, test } from "vitest";
import { getEventListeners } from "node:events";
import { createRunner } from "../../../lib";

test("runners leave no abort listeners on a signal they shared once they are closed", async () => {
  const cell = new AbortController();
  for (const kind of ["threads", "processes"] as const) {
    for (let round = 0; round < 12; round += 1) {
      const runner = createRunner(kind, { workers: 1, signal: cell.signal });
      expect(await runner.submit((n: number) => n + 1, round)).toBe(round + 1);
      await runner.close();
    }
  }
  expect(getEventListeners(cell.signal, "abort")).toHaveLength(0);
});
