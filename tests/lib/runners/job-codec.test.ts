import { describe, expect, test } from "vitest";
import { appendJob, appendResult, forEachJob, forEachResult, jobIdsOf, splitResults } from "../../../lib/runners/protocol/job-codec";

describe("job codec", () => {
  test("jobs round-trip: header fields and the chosen run of inputs", () => {
    const flat: unknown[] = [];
    appendJob(flat, 7, 2, 3, 600, ["a", "b", "c", "d"], 1, 3);
    appendJob(flat, 8, 1, 0, 0, [{ x: 1 }], 0, 1);
    appendJob(flat, 9, 1, 0, 0, [], 0, 0);
    const read: unknown[] = [];
    forEachJob(flat, (id, specId, flags, limitMs, inputs) => read.push({ id, specId, flags, limitMs, inputs }));
    expect(read).toEqual([
      { id: 7, specId: 2, flags: 3, limitMs: 600, inputs: ["b", "c"] },
      { id: 8, specId: 1, flags: 0, limitMs: 0, inputs: [{ x: 1 }] },
      { id: 9, specId: 1, flags: 0, limitMs: 0, inputs: [] },
    ]);
    expect(jobIdsOf(flat)).toEqual([7, 8, 9]);
  });

  test("results round-trip, and split into one list per job that reads back the same", () => {
    const flat: unknown[] = [];
    const error = { name: "Error", message: "no" };
    appendResult(flat, 7, 1.5, [1, "b", 0, error]);
    appendResult(flat, 8, 0.2, []);
    appendResult(flat, 9, 3, [1, undefined]);
    const read = (list: unknown[]): unknown[] => {
      const out: unknown[] = [];
      forEachResult(list, (id, ms, count, start) => out.push({ id, ms, pairs: list.slice(start, start + 2 * count) }));
      return out;
    };
    const expected = [
      { id: 7, ms: 1.5, pairs: [1, "b", 0, error] },
      { id: 8, ms: 0.2, pairs: [] },
      { id: 9, ms: 3, pairs: [1, undefined] },
    ];
    expect(read(flat)).toEqual(expected);
    expect(splitResults(flat).flatMap(read)).toEqual(expected);
  });
});
