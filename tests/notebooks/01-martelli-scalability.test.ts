import os from "node:os";
import { expect, test } from "vitest";
import {
  martelliBands,
  middleBandEnds,
  noticeableGain,
  pastTheCores,
  pastTheCoresVerdict,
  scalingVerdict,
  speedupsOf,
} from "../../lib/course/01-martelli-scalability";
import { localized } from "../../lib/language";
import { fitAmdahl } from "../../lib/measure/amdahl";
import type { CeilingRecord } from "../../lib/measure/ceiling";
import { formatSerialFraction } from "../../lib/plot";
import { plotWords } from "../../lib/plot/words";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, figuresTagged, printedBy, tableOf, traceNamed, tracesOf } from "./executed-notebook";

const name = "01-martelli-scalability.ipynb";
const cores = os.availableParallelism();
const tasks = quickParameters(name).tasks as number;

describeCourseNotebook(name, 120_000, (executed) => {
  /** Speed-up at `workers` over one worker, per kind, from the sweep's table. */
  function sweepSpeedup(kind: string, workers: number): number {
    const rows = tableOf(cellTagged(executed(), "measure-sweep")).rows.filter((row) => row.kind === kind);
    const at = (count: number) => rows.find((row) => row.workers === count)?.tasksPerSecond as number;
    return at(workers) / at(1);
  }

  const sweepRows = () => tableOf(cellTagged(executed(), "measure-sweep")).rows as { kind: string; workers: number; tasksPerSecond: number }[];
  const ceilingRows = () => tableOf(cellTagged(executed(), "measure-ceiling")).rows as unknown as CeilingRecord[];

  function ceilingAt(processes: number): number {
    return tableOf(cellTagged(executed(), "measure-ceiling")).rows.find((row) => row.processes === processes)?.speedup as number;
  }

  test("shows three plots: measured throughput, Amdahl's curves and measured speed-up", () => {
    expect(figuresIn(executed())).toHaveLength(3);
  });

  test("the band table sorts problems by the cores they need and says which fit on this machine", () => {
    const rows = tableOf(cellTagged(executed(), "bands")).rows;
    expect(rows).toEqual(martelliBands(cores));
    expect(String(rows[2].onThisMachine)).toContain(`${cores}`);
  });

  test("the sweep measures threads and processes at 1 … 2 × availableParallelism workers", () => {
    const rows = tableOf(cellTagged(executed(), "measure-sweep")).rows;
    const workers = Array.from({ length: 2 * cores }, (_, index) => index + 1);
    for (const kind of ["threads", "processes"]) {
      expect(rows.filter((row) => row.kind === kind).map((row) => row.workers)).toEqual(workers);
    }
    expect(rows.every((row) => (row.tasksPerSecond as number) > 0)).toBe(true);
  });

  test("CPU-bound work scales past one worker, unless the machine itself could not (busy machine)", () => {
    // The notebook's promise: parallel workers gain where the hardware lets them; the ceiling probe
    // tells whether it did during this run. Best over the worker counts, so one disturbed run cannot decide.
    // The quick run's sweep (runs of a quarter second) and probe (150 ms bursts, measured after it) cannot
    // resolve a host whose cores together give less than 1.5× at best: there the runners' overhead and the
    // host's own noise are as large as the gain (seen on this 2-core VM: ceiling 1.33×, sweep 1.05×), so
    // the promise is checked where the hardware clearly offers parallelism.
    const counts = Array.from({ length: 2 * cores - 1 }, (_, index) => index + 2);
    const gained = Math.max(...["threads", "processes"].flatMap((kind) => counts.map((workers) => sweepSpeedup(kind, workers))));
    const hardware = Math.max(...counts.map(ceilingAt));
    expect(gained > 1.2 || hardware < 1.5, `best speed-up ${gained.toFixed(2)}×, best ceiling ${hardware.toFixed(2)}×`).toBe(true);
  });

  test("past the core count CPU-bound work gains less than twice the workers would, and the verdict follows the table", () => {
    const rows = tableOf(cellTagged(executed(), "past-the-cores")).rows;
    const expected = pastTheCores(sweepRows(), ceilingRows(), cores);
    expect(rows.map((row) => row.kind)).toEqual(expected.map((row) => row.kind));
    expect(expected.slice(0, 2).map((row) => row.kind)).toEqual(["threads", "processes"]);
    // On a quiet machine twice the workers gain nothing past the cores. On a machine others are using
    // they can gain (more workers win a bigger share of it: with L other busy threads, from c to 2c
    // workers the share grows by 2(c + L) / (2c + L)), but never twice: that much is physics. Against the
    // best throughput up to the core count, so one disturbed run at the core count cannot fake a gain.
    const sweep = tableOf(cellTagged(executed(), "measure-sweep")).rows;
    for (const kind of ["threads", "processes"]) {
      const own = sweep.filter((row) => row.kind === kind);
      const bestUpToCores = Math.max(...own.filter((row) => (row.workers as number) <= cores).map((row) => row.tasksPerSecond as number));
      const atMost = own.find((row) => row.workers === 2 * cores)?.tasksPerSecond as number;
      expect(atMost / bestUpToCores, kind).toBeLessThan(2);
    }
    const verdict = printedBy(cellTagged(executed(), "past-the-cores")).trim();
    expect(verdict).toBe(pastTheCoresVerdict(expected));
    // The middle band is said to end at the cores only when no runner gained past them.
    const gained = ["threads", "processes"].some((kind) => {
      const own = sweepRows().filter((row) => row.kind === kind);
      const at = (workers: number) => own.find((row) => row.workers === workers)!.tasksPerSecond;
      return at(2 * cores) / at(cores) >= noticeableGain;
    });
    expect(verdict.includes(middleBandEnds(cores)), verdict).toBe(!gained);
  });

  test("the past-the-cores table has one quantity per column, with units", () => {
    const { columns } = tableOf(cellTagged(executed(), "past-the-cores"));
    expect(columns).toEqual(["kind", "speedupAtCores", "speedupAtMost", "gain"]);
    const html = String(
      (
        cellTagged(executed(), "past-the-cores").outputs.find((output) => output.output_type === "display_data" || output.output_type === "execute_result") as {
          data: Record<string, string>;
        }
      ).data["text/html"],
    );
    // The notebook's own titles, in the edition's language.
    expect(html).toContain(localized({ en: `speed-up at ${cores} workers (× 1 worker)`, de: `Beschleunigung bei ${cores} Workern (× 1 Worker)` }));
    expect(html).toContain(localized({ en: `gain from ${cores} to ${2 * cores} (×)`, de: `Gewinn von ${cores} auf ${2 * cores} (×)` }));
    expect(html).not.toContain("mostWorkers");
  });

  test("the throughput plot draws both kinds with their perfect-scaling lines and the ceiling", () => {
    const traces = tracesOf(cellTagged(executed(), "plot-throughput"));
    for (const kind of ["threads", "processes"]) {
      const measured = traceNamed(traces, kind);
      const perfect = traceNamed(traces, `${kind}: ${plotWords().perfectScaling}`);
      expect(perfect.y.at(-1)! / measured.y[0]).toBeCloseTo(2 * cores, 6);
    }
    expect(traceNamed(traces, plotWords().ceiling).x).toHaveLength(2 * cores);
  });

  test("Amdahl's curves: no serial work scales perfectly, 5 % serial work stays below 20×", () => {
    const traces = tracesOf(cellTagged(executed(), "plot-amdahl-curves"));
    const perfect = traceNamed(traces, "s = 0 %");
    expect(perfect.y).toEqual(perfect.x);
    const fivePercent = traceNamed(traces, "s = 5 %");
    expect(Math.max(...fivePercent.y)).toBeLessThan(20);
    expect(Math.max(...fivePercent.y)).toBeGreaterThan(15);
  });

  test("the fitted serial fractions come from the sweep up to the cores, allowing for the tail, and a bound is named as one", () => {
    const rows = tableOf(cellTagged(executed(), "amdahl-fits")).rows;
    expect(rows.map((row) => row.kind)).toEqual(["threads", "processes"]);
    for (const row of rows) {
      const fit = fitAmdahl(speedupsOf(sweepRows(), String(row.kind), cores), { tasks });
      expect(row.serial).toBe(formatSerialFraction(fit));
      if (fit.atBound !== undefined) expect(row.serial).toBe(fit.atBound === "upper" ? plotWords().serialAtUpperBound : plotWords().serialAtLowerBound);
    }
    const processFit = fitAmdahl(speedupsOf(sweepRows(), "processes", cores), { tasks });
    traceNamed(tracesOf(cellTagged(executed(), "plot-speedup")), `processes: ${plotWords().amdahlFit(formatSerialFraction(processFit), tasks)}`);
  });

  test("Amdahl's curves are drawn on log axes that start at 1 worker, with a tick per power of two", () => {
    const [figure] = figuresTagged(executed(), "plot-amdahl-curves");
    const { xaxis } = figure.layout;
    expect(xaxis.type).toBe("log");
    expect(xaxis.tickvals).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(10 ** xaxis.range![0]).toBeGreaterThan(0.8);
    expect(10 ** xaxis.range![0]).toBeLessThanOrEqual(1);
  });

  test("the scaling verdict states the speed-ups the sweep and ceiling tables show", () => {
    expect(printedBy(cellTagged(executed(), "verdict-scaling")).trim()).toBe(scalingVerdict(sweepRows(), ceilingRows(), cores, tasks));
  });
});
