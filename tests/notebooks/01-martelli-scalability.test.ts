import type * as nbformat from "@jupyterlab/nbformat";
import os from "node:os";
import { beforeAll, describe, expect, test } from "vitest";
import { notebookRunTimeout, runCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, tableOf, traceNamed, tracesOf } from "./executed-notebook";

const name = "01-martelli-scalability.ipynb";
const cores = os.availableParallelism();
let executed: nbformat.INotebookContent;

beforeAll(async () => {
  executed = await runCourseNotebook(name);
}, notebookRunTimeout(120_000));

/** Speed-up at `workers` over one worker, per kind, from the sweep's table. */
function sweepSpeedup(kind: string, workers: number): number {
  const rows = tableOf(cellTagged(executed, "measure-sweep")).rows.filter((row) => row.kind === kind);
  const at = (count: number) => rows.find((row) => row.workers === count)?.tasksPerSecond as number;
  return at(workers) / at(1);
}

function ceilingAt(processes: number): number {
  return tableOf(cellTagged(executed, "measure-ceiling")).rows.find((row) => row.processes === processes)?.speedup as number;
}

describe(name, () => {
  test("shows three plots: measured throughput, Amdahl's curves and measured speed-up", () => {
    expect(figuresIn(executed)).toHaveLength(3);
  });

  test("the band table places this machine in exactly one band, by its availableParallelism", () => {
    const rows = tableOf(cellTagged(executed, "bands")).rows;
    const marked = rows.filter((row) => row.thisMachine !== "");
    expect(marked).toHaveLength(1);
    const expected = cores === 1 ? "1: one core" : cores <= 8 ? "2: a few cores" : "3: many cores";
    expect(marked[0].band).toBe(expected);
  });

  test("the sweep measures threads and processes at 1 … 2 × availableParallelism workers", () => {
    const rows = tableOf(cellTagged(executed, "measure-sweep")).rows;
    const workers = Array.from({ length: 2 * cores }, (_, index) => index + 1);
    for (const kind of ["threads", "processes"]) {
      expect(rows.filter((row) => row.kind === kind).map((row) => row.workers)).toEqual(workers);
    }
    expect(rows.every((row) => (row.tasksPerSecond as number) > 0)).toBe(true);
  });

  test("CPU-bound work scales past one worker, unless the machine itself could not (busy machine)", () => {
    // The notebook's promise: parallel workers gain where the hardware lets them; the ceiling probe
    // tells whether it did during this run. Best over the worker counts, so one disturbed run cannot decide.
    const counts = Array.from({ length: 2 * cores - 1 }, (_, index) => index + 2);
    const gained = Math.max(...["threads", "processes"].flatMap((kind) => counts.map((workers) => sweepSpeedup(kind, workers))));
    const hardware = Math.max(...counts.map(ceilingAt));
    expect(gained > 1.2 || hardware < 1.3, `best speed-up ${gained.toFixed(2)}×, best ceiling ${hardware.toFixed(2)}×`).toBe(true);
  });

  test("past the core count no runner gains much more than the bare processes of the ceiling probe", () => {
    const rows = tableOf(cellTagged(executed, "past-the-cores")).rows;
    const hardware = rows.find((row) => row.kind === "hardware (ceiling probe)")?.gain as number;
    expect(rows.filter((row) => row.kind !== "hardware (ceiling probe)").map((row) => row.kind)).toEqual(["threads", "processes"]);
    // Against the best throughput up to the core count, so one disturbed run at the core count cannot
    // fake a gain; generous, because more workers win a bigger share of a machine others are using.
    const sweep = tableOf(cellTagged(executed, "measure-sweep")).rows;
    for (const kind of ["threads", "processes"]) {
      const own = sweep.filter((row) => row.kind === kind);
      const bestUpToCores = Math.max(...own.filter((row) => (row.workers as number) <= cores).map((row) => row.tasksPerSecond as number));
      const atMost = own.find((row) => row.workers === 2 * cores)?.tasksPerSecond as number;
      expect(atMost / bestUpToCores, kind).toBeLessThan(1.5 * Math.max(1, hardware));
    }
    expect(printedBy(cellTagged(executed, "past-the-cores"))).toMatch(new RegExp(`^From ${cores} to ${2 * cores} workers: threads \\d+\\.\\d\\d×`));
  });

  test("the throughput plot draws both kinds with their perfect-scaling lines and the ceiling", () => {
    const traces = tracesOf(cellTagged(executed, "plot-throughput"));
    for (const kind of ["threads", "processes"]) {
      const measured = traceNamed(traces, kind);
      const perfect = traceNamed(traces, `${kind}: perfect scaling`);
      expect(perfect.y.at(-1)! / measured.y[0]).toBeCloseTo(2 * cores, 6);
    }
    expect(traceNamed(traces, /ceiling/).x).toHaveLength(2 * cores);
  });

  test("Amdahl's curves: no serial work scales perfectly, 5 % serial work stays below 20×", () => {
    const traces = tracesOf(cellTagged(executed, "plot-amdahl-curves"));
    const perfect = traceNamed(traces, "s = 0 %");
    expect(perfect.y).toEqual(perfect.x);
    const fivePercent = traceNamed(traces, "s = 5 %");
    expect(Math.max(...fivePercent.y)).toBeLessThan(20);
    expect(Math.max(...fivePercent.y)).toBeGreaterThan(15);
  });

  test("the fitted serial fractions are fractions, and the speed-up plot draws the processes' fit", () => {
    const rows = tableOf(cellTagged(executed, "amdahl-fits")).rows;
    expect(rows.map((row) => row.kind)).toEqual(["threads", "processes"]);
    for (const row of rows) {
      expect(row.serialPercent as number).toBeGreaterThanOrEqual(0);
      expect(row.serialPercent as number).toBeLessThanOrEqual(100);
    }
    traceNamed(tracesOf(cellTagged(executed, "plot-speedup")), /^processes: Amdahl fit/);
  });

  test("the scaling verdict is computed from the measurement", () => {
    expect(printedBy(cellTagged(executed, "verdict-scaling"))).toMatch(
      new RegExp(`^At ${cores} workers: threads \\d+\\.\\d\\d×, processes \\d+\\.\\d\\d× one worker; the hardware ceiling is \\d+\\.\\d\\d×`),
    );
  });
});
