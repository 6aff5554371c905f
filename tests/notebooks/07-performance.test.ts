import type * as nbformat from "@jupyterlab/nbformat";
import { beforeAll, describe, expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { notebookRunTimeout, runCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, tableOf, traceNamed, tracesOf } from "./executed-notebook";

const name = "07-performance.ipynb";
const parameters = quickParameters(name);
let executed: nbformat.INotebookContent;

beforeAll(async () => {
  executed = await runCourseNotebook(name);
}, notebookRunTimeout(120_000));

const traces = (tag: string) => tracesOf(cellTagged(executed, tag));
const yAt = (trace: { x: number[]; y: number[] }, x: number) => trace.y[trace.x.indexOf(x)];

describe(name, () => {
  test("plots the I/O and CPU sweeps and the three anti-patterns", () => {
    expect(figuresIn(executed)).toHaveLength(5);
  });

  test("I/O-bound: async with many requests in flight beats one at a time by a wide margin", () => {
    const async = traceNamed(traces("measure-io"), "async");
    const most = Math.max(...(parameters.asyncConcurrency as number[]));
    expect(async.x).toEqual(parameters.asyncConcurrency);
    // Latency-bound: the ideal is `most`×; a third of that survives any load on this machine.
    expect(yAt(async, most) / yAt(async, 1)).toBeGreaterThan(Math.min(3, most / 3));
    for (const kind of ["threads", "processes"]) expect(traceNamed(traces("measure-io"), kind).x).toEqual(parameters.ioWorkers);
  });

  test("CPU-bound: async does not scale, and each kind was measured at every worker count", () => {
    const cpu = traces("measure-cpu");
    const async = traceNamed(cpu, "async");
    expect(async.y[async.y.length - 1] / async.y[0]).toBeLessThan(1.5);
    expect(printedBy(cellTagged(executed, "verdict-cpu"))).toMatch(/threads: [\d.]+× one worker/);
    expect(traceNamed(cpu, "processes").x).toEqual(async.x);
  });

  test("too many round trips: batched tasks beat chunksize 1 on tiny tasks", () => {
    const biggest = Math.max(...(parameters.chunksizes as number[]));
    for (const kind of ["threads", "processes"]) {
      const line = traceNamed(traces("measure-chunks"), kind);
      expect(yAt(line, biggest)).toBeGreaterThan(yAt(line, 1));
    }
  });

  test("too little work per trip: the smallest tasks have the largest overhead share", () => {
    const [line] = traces("measure-overhead");
    expect(line.y.every((share) => share >= 0 && share <= 100)).toBe(true);
    expect(line.y[0]).toBeGreaterThan(line.y[line.y.length - 1]);
  });

  test("too much data per trip: one point per payload size for threads and processes", () => {
    for (const kind of ["threads", "processes"]) {
      const line = traceNamed(traces("measure-payload"), kind);
      expect(line.x).toEqual(parameters.payloadBytes);
      expect(line.y.every((value) => value > 0)).toBe(true);
    }
  });

  test("the fork demo: a child process ran while a thread held the lock, and could not be given the lock", () => {
    const rows = tableOf(cellTagged(executed, "measure-fork")).rows;
    const result = (step: RegExp) => String(rows.find((row) => step.test(String(row.step)))?.result);
    expect(result(/child process started/)).toMatch(/^pid \d+ \(parent \d+\)/);
    expect(result(/lock still held/)).toBe("true");
    expect(result(/hand the lock/)).toBe("NotSerializableError");
    expect(result(/released/)).toBe("released");
  });
});
