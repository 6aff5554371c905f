import { describe, expect, test } from "vitest";
import { claimNotice, createProgressBuffer, culpritOf, nowMs, ProgressWriter, readProgress } from "../../../lib/runners/protocol/progress-slot";

describe("progress slot", () => {
  test("says which input of which job runs, and nothing once the job is over", () => {
    const buffer = createProgressBuffer();
    const writer = new ProgressWriter(buffer);
    expect(culpritOf(readProgress(buffer))).toBeUndefined();
    writer.startJob(4, 0);
    writer.startInput(4, 0);
    writer.startInput(4, 1);
    expect(readProgress(buffer).running).toEqual({ job: 4, index: 1 });
    expect(culpritOf(readProgress(buffer))).toEqual({ job: 4, index: 1 });
    writer.endJob(4);
    expect(readProgress(buffer).running).toBeUndefined();
    expect(readProgress(buffer).seq).toBe(2);
  });

  test("a single job waiting on a promise is the culprit; with two waiting nobody is", () => {
    const buffer = createProgressBuffer();
    const writer = new ProgressWriter(buffer);
    writer.startJob(1, 0);
    writer.startInput(1, 0);
    writer.startWaiting(1, 0);
    expect(culpritOf(readProgress(buffer))).toEqual({ job: 1, index: 0 });
    writer.startJob(2, 0);
    writer.startInput(2, 3);
    writer.startWaiting(2, 3);
    expect(readProgress(buffer).asyncPending).toBe(2);
    expect(culpritOf(readProgress(buffer))).toBeUndefined();
    writer.stopWaiting(1);
    writer.endJob(1);
    expect(culpritOf(readProgress(buffer))).toEqual({ job: 2, index: 3 });
  });

  test("the deadline is the earliest among started jobs with a limit, counted from their start", () => {
    const buffer = createProgressBuffer();
    const writer = new ProgressWriter(buffer);
    const before = nowMs();
    writer.startJob(1, 1000);
    writer.startInput(1, 0);
    writer.startWaiting(1, 0);
    writer.startJob(2, 100);
    writer.startInput(2, 0);
    const deadline = readProgress(buffer).deadline;
    expect(deadline?.job).toBe(2);
    expect(deadline?.at).toBeGreaterThanOrEqual(before + 100);
    expect(deadline?.at).toBeLessThan(before + 1000);
    writer.endJob(2);
    expect(readProgress(buffer).deadline?.job).toBe(1);
    writer.endJob(1);
    expect(readProgress(buffer).deadline).toBeUndefined();
  });

  test("a long-running report is claimed once, and leaving the input says so", () => {
    const buffer = createProgressBuffer();
    const movedOn: number[] = [];
    const writer = new ProgressWriter(buffer, (seq) => movedOn.push(seq));
    writer.startJob(1, 0);
    writer.startInput(1, 0);
    const seq = readProgress(buffer).seq;
    expect(claimNotice(buffer, seq + 1)).toBe(false); // not the input that runs
    expect(claimNotice(buffer, seq)).toBe(true);
    expect(claimNotice(buffer, seq)).toBe(false);
    writer.startInput(1, 1);
    expect(movedOn).toEqual([seq + 1]);
    writer.startInput(1, 2);
    expect(movedOn).toEqual([seq + 1]);
  });
});
