import os from "node:os";
import { expect, test } from "vitest";
import { sweepVerdict } from "../../lib/course/00-start-here";
import { fixed } from "../../lib/language";
import { fitAmdahl } from "../../lib/measure/amdahl";
import { formatSerialFraction } from "../../lib/plot";
import { plotWords } from "../../lib/plot/words";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, solutionRuns, tableOf, traceNamed, tracesOf } from "./executed-notebook";

const name = "00-start-here.ipynb";
const tasks = quickParameters(name).sweepTasks as number;

describeCourseNotebook(name, 120_000, (executed) => {
  const sweepRows = () => tableOf(cellTagged(executed(), "measure-sweep")).rows as { kind: string; workers: number; tasksPerSecond: number }[];

  /** The Amdahl fit the notebook draws and states, recomputed from its sweep table. */
  function sweepFit() {
    const sweep = sweepRows();
    const one = sweep.find((row) => row.workers === 1)!.tasksPerSecond;
    return fitAmdahl(
      sweep.map((row) => ({ workers: row.workers, speedup: row.tasksPerSecond / one })),
      { tasks },
    );
  }

  test("shows the two sweep plots and the exercise's plot", () => {
    expect(figuresIn(executed())).toHaveLength(3);
  });

  test("the machine table reports this machine's availableParallelism and Node version", () => {
    const rows = tableOf(cellTagged(executed(), "machine")).rows;
    const value = (property: string) => rows.find((row) => row.property === property)?.value;
    expect(value("availableParallelism")).toBe(os.availableParallelism());
    expect(value("Node.js")).toBe(process.version);
  });

  test("every runner kind returns the same prime counts through the one interface", () => {
    const rows = tableOf(cellTagged(executed(), "runner-kinds")).rows;
    expect(rows.map((row) => row.kind)).toEqual(["inline", "async", "threads", "processes"]);
    // π(20 000), π(40 000), π(60 000), π(80 000)
    expect(new Set(rows.map((row) => row.primes))).toEqual(new Set(["2262, 4203, 6057, 7837"]));
  });

  test("the sweep covers 1 … availableParallelism thread workers with positive throughput", () => {
    const rows = sweepRows();
    const expectedWorkers = Array.from({ length: Math.max(2, os.availableParallelism()) }, (_, index) => index + 1);
    expect(rows.map((row) => row.workers)).toEqual(expectedWorkers);
    expect(rows.every((row) => typeof row.tasksPerSecond === "number" && row.tasksPerSecond > 0)).toBe(true);
  });

  test("the throughput plot has the measurement, perfect scaling, the ceiling and the Amdahl fit", () => {
    const traces = tracesOf(cellTagged(executed(), "plot-throughput"));
    const measured = traceNamed(traces, "threads");
    const perfect = traceNamed(traces, `threads: ${plotWords().perfectScaling}`);
    // Perfect scaling is N × the measured one-worker throughput.
    expect(perfect.y[1] / perfect.y[0]).toBeCloseTo(perfect.x[1] / perfect.x[0], 6);
    expect(perfect.y[0]).toBeCloseTo(measured.y[0], 6);
    const ceiling = traceNamed(traces, plotWords().ceiling);
    expect(ceiling.x).toEqual(measured.x);
    // The ceiling is drawn in throughput units: its speed-up times the one-worker throughput.
    expect(ceiling.y[0]).toBeCloseTo(measured.y[0], 6);
    expect(ceiling.y.every((value) => value > 0)).toBe(true);
    traceNamed(traces, plotWords().amdahlFit(formatSerialFraction(sweepFit()), tasks));
  });

  test("the speed-up plot starts at 1 for one worker", () => {
    const measured = traceNamed(tracesOf(cellTagged(executed(), "plot-speedup")), "threads");
    expect(measured.y[0]).toBeCloseTo(1, 6);
  });

  test("the verdict sentence states what the sweep and ceiling tables show", () => {
    const sweep = sweepRows();
    const ceiling = tableOf(cellTagged(executed(), "measure-ceiling")).rows as { processes: number; speedup: number; iterationsPerSecond: number }[];
    const verdict = printedBy(cellTagged(executed(), "verdict")).trim();
    expect(verdict).toBe(sweepVerdict(sweep, ceiling, sweepFit(), tasks));
    const one = sweep.find((row) => row.workers === 1)!.tasksPerSecond;
    expect(verdict).toContain(` ${fixed(sweep.at(-1)!.tasksPerSecond / one, 2)}× `);
  });

  test("exercise 2 times start-up apart from the throughput of started workers, for threads and processes", () => {
    const [, startUp] = solutionRuns(executed());
    const rows = tableOf(startUp).rows;
    expect(rows.map((row) => row.kind)).toEqual(["threads", "processes"]);
    for (const row of rows) {
      expect(row.startMs as number).toBeGreaterThan(0);
      expect(row.tasksPerSecond as number).toBeGreaterThan(0);
    }
    expect(figuresIn(startUp)).toHaveLength(1);
  });
});
