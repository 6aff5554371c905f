// Stream ids decide whether the runner has read every result before it calls a job lost.
import { describe, expect, it } from "vitest";
import { compareStreamIds } from "../../../lib/runners/distributed/result-listener";

describe("compareStreamIds", () => {
  it("orders by time, then by sequence, numerically rather than as text", () => {
    expect(compareStreamIds("1700000000000-0", "1700000000001-0")).toBe(-1);
    expect(compareStreamIds("1700000000000-10", "1700000000000-9")).toBe(1);
    expect(compareStreamIds("999-0", "1000-0")).toBe(-1);
    expect(compareStreamIds("1700000000000-3", "1700000000000-3")).toBe(0);
    expect(compareStreamIds("0-0", "1-0")).toBe(-1);
  });
});
