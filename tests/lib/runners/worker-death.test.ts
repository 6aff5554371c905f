import { describe, expect, test } from "vitest";
import type { ProgressSnapshot } from "../../../lib/runners/protocol/progress-slot";
import type { LastWords } from "../../../lib/runners/protocol/messages";
import { blameOf } from "../../../lib/runners/pool/worker-death";

const words = (culprit: [number, number] | undefined, waiting: number): LastWords => ({
  type: "last-words",
  flat: [],
  unfinished: [],
  culprit,
  waiting,
  crash: undefined,
});
const slot = (running: ProgressSnapshot["running"], asyncPending: number, onlyWaiting?: ProgressSnapshot["onlyWaiting"]): ProgressSnapshot => ({
  seq: 1,
  running,
  asyncPending,
  onlyWaiting,
  deadline: undefined,
});

describe("blameOf", () => {
  test("last words name the input, or say nobody, or that several could have", () => {
    expect(blameOf({ lastWords: words([3, 2], 0) })).toEqual({ kind: "input", job: 3, index: 2 });
    expect(blameOf({ lastWords: words(undefined, 0) })).toEqual({ kind: "nobody" });
    expect(blameOf({ lastWords: words(undefined, 2) })).toEqual({ kind: "unknown" });
  });

  test("last words come before the slot, which comes before a long-running report", () => {
    expect(blameOf({ lastWords: words([1, 0], 0), progress: slot({ job: 2, index: 0 }, 0), longRunning: { job: 3, index: 0 } })).toEqual({
      kind: "input",
      job: 1,
      index: 0,
    });
    expect(blameOf({ progress: slot({ job: 2, index: 5 }, 0), longRunning: { job: 3, index: 0 } })).toEqual({ kind: "input", job: 2, index: 5 });
    expect(blameOf({ progress: slot(undefined, 1, { job: 4, index: 1 }) })).toEqual({ kind: "input", job: 4, index: 1 });
    expect(blameOf({ progress: slot(undefined, 3) })).toEqual({ kind: "unknown" });
    expect(blameOf({ progress: slot(undefined, 0) })).toEqual({ kind: "nobody" });
    expect(blameOf({ longRunning: { job: 3, index: 7 } })).toEqual({ kind: "input", job: 3, index: 7 });
    expect(blameOf({})).toEqual({ kind: "unknown" });
  });
});
