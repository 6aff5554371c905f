import { expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import os from "node:os";
import {
  cpuVerdict,
  forkHazardVerdict,
  ioVerdict,
  performanceWords,
  requestCpuVerdict,
  roundTripVerdict,
  type RequestCpuRow,
  type RoundTripRecord,
} from "../../lib/course/07-performance";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, tableOf, traceNamed, tracesOf } from "./executed-notebook";

const name = "07-performance.ipynb";
const parameters = quickParameters(name);
const yAt = (trace: { x: number[]; y: number[] }, x: number) => trace.y[trace.x.indexOf(x)];

/** What the notebook's own fork demonstration prints as its child's report, per edition. */
const childReport = { en: /^pid \d+ \(parent \d+\) in \d+ ms$/, de: /^PID \d+ \(Elternprozess \d+\) in \d+ ms$/ };

describeCourseNotebook(name, 120_000, (executed, edition) => {
  const cores = os.availableParallelism();
  const traces = (tag: string) => tracesOf(cellTagged(executed(), tag));

  test("plots the I/O and CPU sweeps and the three anti-patterns", () => {
    expect(figuresIn(executed())).toHaveLength(5);
  });

  test("I/O-bound: async with many requests in flight beats one at a time by a wide margin", () => {
    const async = traceNamed(traces("measure-io"), "async");
    const most = Math.max(...(parameters.asyncConcurrency as number[]));
    expect(async.x).toEqual(parameters.asyncConcurrency);
    // Latency-bound: the ideal is `most`×; a third of that survives any load on this machine.
    expect(yAt(async, most) / yAt(async, 1)).toBeGreaterThan(Math.min(3, most / 3));
    for (const kind of ["threads", "processes"]) expect(traceNamed(traces("measure-io"), kind).x).toEqual(parameters.ioWorkers);
    const lines = ["async", "threads", "processes"].map((kind) => {
      const line = traceNamed(traces("measure-io"), kind);
      const most = Math.max(...line.x);
      return ioVerdict(kind, yAt(line, most) / yAt(line, 1), most, cores);
    });
    expect(printedBy(cellTagged(executed(), "verdict-io")).trim()).toBe(lines.join("\n"));
  });

  test("the CPU each request costs is counted for the clients apart from the server, and the sentence states those numbers", () => {
    const cell = cellTagged(executed(), "measure-io-cpu");
    const rows = tableOf(cell).rows as unknown as RequestCpuRow[];
    expect(rows.map((row) => row.kind)).toEqual(["async", "threads"]);
    for (const row of rows) {
      expect(row.clientCpuMs).toBeGreaterThan(0);
      expect(row.serverCpuMs).toBeGreaterThan(0);
    }
    expect(printedBy(cell).trim()).toBe(requestCpuVerdict(rows));
  });

  test("CPU-bound: async does not scale, and each kind was measured at every worker count", () => {
    const cpu = traces("measure-cpu");
    const async = traceNamed(cpu, "async");
    // Async runs every task on one thread, so with any number of workers it stays below what one core
    // does. One core's rate: the best one-worker run of the three kinds, measured in the same rounds
    // (one disturbed run on a shared machine cannot fake a gain that way).
    const oneCore = Math.max(...["async", "threads", "processes"].map((kind) => yAt(traceNamed(cpu, kind), 1)));
    expect(async.y[async.y.length - 1] / oneCore).toBeLessThan(1.5);
    expect(traceNamed(cpu, "processes").x).toEqual(async.x);
    const atCores = Math.min(cores, Math.max(...async.x));
    const lines = ["async", "threads", "processes"].map((kind) => {
      const line = traceNamed(cpu, kind);
      return cpuVerdict(kind, yAt(line, atCores) / yAt(line, 1), atCores, cores, parameters.cpuTasks as number);
    });
    expect(printedBy(cellTagged(executed(), "verdict-cpu")).trim()).toBe(lines.join("\n"));
  });

  test("too many round trips: one batched map beats awaiting each tiny task, on threads and processes, and the sentence says by how much", () => {
    const figure = figuresIn(cellTagged(executed(), "measure-chunks"))[0];
    const records: RoundTripRecord[] = figure.data.flatMap((trace) =>
      (trace.x as string[]).map((approach, index) => ({ kind: trace.name as "threads" | "processes", approach, messages: 0, tasksPerSecond: trace.y[index] })),
    );
    const { awaited: eachAwaited } = performanceWords();
    for (const kind of ["threads", "processes"]) {
      const own = records.filter((record) => record.kind === kind);
      const awaited = own.find((record) => record.approach === eachAwaited)!.tasksPerSecond;
      const best = Math.max(...own.filter((record) => record.approach !== eachAwaited).map((record) => record.tasksPerSecond));
      // Awaiting each answer leaves all but one worker idle and pays every trip in full: physics, not a timing threshold.
      expect(best, kind).toBeGreaterThan(2 * awaited);
    }
    expect(printedBy(cellTagged(executed(), "measure-chunks")).trim()).toBe(roundTripVerdict(records));
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

  test("in CPython a child forked while a thread holds a lock deadlocks on it, and the sentence says so", () => {
    const cell = cellTagged(executed(), "measure-python-fork");
    const rows = tableOf(cell).rows;
    expect(rows[1].result).toBe(performanceWords().deadlock);
    // The sentence names the Python first and the child's blocked time as its first duration, in both languages.
    const python = /CPython (\S+) /.exec(printedBy(cell))![1];
    const blockedMs = Number(/(\d+) ms/.exec(printedBy(cell))![1]);
    expect(blockedMs).toBeGreaterThanOrEqual(parameters.forkWaitMs as number);
    expect(printedBy(cell).trim()).toBe(
      forkHazardVerdict(
        { python, childBlocked: true, childBlockedMs: blockedMs, parentGotLock: rows[2].result === true, warning: null },
        parameters.forkHoldMs as number,
      ),
    );
  });

  test("the fork demo: a child process ran while a thread held the lock, and could not be given the lock", () => {
    const [started, stillHeld, handedOver, released] = tableOf(cellTagged(executed(), "measure-fork")).rows.map((row) => row.result);
    expect(started).toMatch(childReport[edition]);
    expect(stillHeld).toBe(true);
    expect(handedOver).toBe("NotSerializableError");
    expect(released).toBe(true);
  });
});
