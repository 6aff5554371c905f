import { describe, expect, test } from "vitest";
import type { Outcome } from "../../../lib/runners/base-runner";
import { BatchRun, type SentBatch } from "../../../lib/runners/batch-run";
import { TaskCancelledError } from "../../../lib/runners/errors";

function batchOf(inputs: unknown[], settle: boolean): SentBatch {
  const prepared = { name: "t", spec: { kind: "source", source: "x => x", name: "t" } as const, key: "k", wire: inputs, revive: false, firstIndex: 10 };
  return { inputs, prepared, settle, timeoutMs: undefined, signal: undefined, cancel: undefined, transferList: undefined };
}

describe("BatchRun", () => {
  test("settles once every input has an outcome, keeping the first outcome of each", () => {
    const settled: Outcome[][] = [];
    const run = new BatchRun(batchOf(["a", "b", "c"], true), (outcomes) => settled.push(outcomes));
    run.record(2, { status: "fulfilled", value: "C" });
    run.record(0, { status: "rejected", reason: new Error("a") });
    expect(run.gaps(0, 3)).toEqual([[1, 2]]);
    expect(settled).toEqual([]);
    run.record(2, { status: "fulfilled", value: "late" });
    run.record(1, { status: "fulfilled", value: "B" });
    expect(settled).toHaveLength(1);
    expect(settled[0]?.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : "error"))).toEqual(["error", "B", "C"]);
    expect(run.settled).toBe(true);
  });

  test("without settle, a failure cancels the inputs after it but waits for the ones before; fail gives each input its error", () => {
    const settled: Outcome[][] = [];
    const run = new BatchRun(batchOf([1, 2, 3, 4], false), (outcomes) => settled.push(outcomes));
    run.record(2, { status: "rejected", reason: new Error("three") });
    expect(run.gaps(0, 4)).toEqual([[0, 2]]);
    expect(settled).toEqual([]);
    run.fail(0, 4, () => new Error("aborted"));
    const outcomes = settled[0] ?? [];
    expect(outcomes.map((outcome) => ((outcome as PromiseRejectedResult).reason as Error).message)).toEqual([
      "aborted",
      "aborted",
      "three",
      expect.stringContaining("was cancelled"),
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(TaskCancelledError);
  });

  test("gaps are the runs of inputs still without an outcome; positions count from the map's start", () => {
    const run = new BatchRun(batchOf([0, 1, 2, 3, 4, 5], true), () => {});
    run.record(1, { status: "fulfilled", value: 1 });
    run.record(4, { status: "fulfilled", value: 4 });
    expect(run.gaps(0, 6)).toEqual([
      [0, 1],
      [2, 4],
      [5, 6],
    ]);
    expect(run.gaps(2, 4)).toEqual([[2, 4]]);
    expect(run.position(3)).toEqual({ index: 3, size: 6, firstIndex: 10 });
  });
});
