import { expect, test } from "vitest";
import {
  blockedLoopVerdict,
  gilLabels,
  transferVerdict,
  whereTheGilHurts,
  type ComputeShareRow,
  type TransferRow,
} from "../../lib/course/03-global-interpreter-lock";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, figuresTagged, printedBy, solutionRuns, tableOf, tableRowsTagged } from "./executed-notebook";

const name = "03-global-interpreter-lock.ipynb";

interface PlotTrace {
  name: string;
  x: number[];
  y: number[];
}

describeCourseNotebook(name, 180_000, (executed) => {
  const tableRows = (tag: string): Record<string, unknown>[] => tableRowsTagged(executed(), tag);

  /** Speed-up at 2 workers of the line called `line` in the cell's plot. */
  function speedupAtTwo(tag: string, line: string): number {
    const [figure] = figuresTagged(executed(), tag) as { data: PlotTrace[] }[];
    const trace = figure.data.find((candidate) => candidate.name === line);
    if (trace === undefined) throw new Error(`plot in ${tag} has no line "${line}"`);
    return trace.y[trace.x.indexOf(2)];
  }

  test("draws the CPU, I/O and event-loop plots", () => {
    expect(figuresIn(executed())).toHaveLength(3);
  });

  test("shows the Python baseline: threads and processes for both workloads, named in the edition's language", () => {
    const rows = tableRows("python-baseline");
    const label = gilLabels();
    for (const workload of Object.values(label.workloads)) {
      for (const model of Object.values(label.models)) {
        const row = rows.find((candidate) => candidate.workload === workload && candidate.model === model && candidate.workers === 2);
        expect(row?.seconds, `${workload} ${model}`).toBeGreaterThan(0);
      }
    }
  });

  test("threads under the simulated GIL gain nothing on CPU work, and two threads without it get more done", () => {
    // Under the lock one thread computes at a time, so two of them do no more than one thread alone. One
    // thread's rate: the best one-worker run of the three variants, measured in the same interleaved rounds,
    // so a single disturbed one-worker run on a shared machine cannot fake a gain.
    const rows = tableRows("measure-gil-cpu");
    const label = gilLabels();
    const rate = (kind: string, workers: number) => rows.find((row) => row.kind === kind && row.workers === workers)?.tasksPerSecond as number;
    const oneThread = Math.max(...[label.withGil, label.noGil, label.processes].map((kind) => rate(kind, 1)));
    expect(rate(label.withGil, 2) / oneThread).toBeLessThan(1.3);
    // Compared at the same worker count, measured in the same interleaved rounds: two threads that may run at
    // once never finish less than two that take turns, however busy the machine is (a speed-up against the
    // 1-worker run would also carry that run's noise).
    expect(rate(label.noGil, 2)).toBeGreaterThan(rate(label.withGil, 2));
  });

  test("I/O-bound threads gain under the simulated GIL", () => {
    // Waiting releases the lock, so two threads overlap their waits: physics, not a timing threshold.
    expect(speedupAtTwo("measure-gil-io", gilLabels().withGil)).toBeGreaterThan(1.3);
  });

  test("a CPU loop on the main thread makes the timer later than an idle loop, and the sentence says by how much", () => {
    const rows = tableRows("measure-blocked-loop");
    const label = gilLabels();
    const worst = (series: string) => rows.find((row) => row.series === series)?.worstLagMs as number;
    expect(worst(label.mainThreadLoop)).toBeGreaterThan(worst(label.idleLoop));
    expect(worst(label.mainThreadLoop)).toBeGreaterThan(worst(label.workerThreadLoop));
    const blockMs = quickParameters(name).blockMs as number;
    expect(printedBy(cellTagged(executed(), "measure-blocked-loop")).trim()).toBe(blockedLoopVerdict(rows as { worstLagMs: number }[], blockMs));
  });

  test("a buffer sent copied stays with the sender; moved, it leaves the sender empty, and the sentence reports the times shown", () => {
    const cell = cellTagged(executed(), "measure-transfer");
    const rows = tableOf(cell).rows as unknown as TransferRow[];
    const bytes = (quickParameters(name).transferMegabytes as number) * 1e6;
    expect(rows.map((row) => [row.workerGotBytes, row.senderKeepsBytes])).toEqual([
      [bytes, bytes],
      [bytes, 0],
    ]);
    expect(printedBy(cell).trim()).toBe(transferVerdict(rows));
  });

  test("exercise 2 measures the GIL's cost over a range of computing shares, and names where it starts to hurt from those numbers", () => {
    const run = solutionRuns(executed())[1];
    const rows = tableOf(run).rows as unknown as ComputeShareRow[];
    expect(rows).toHaveLength(4);
    expect(rows.map((row) => row.computeShare)).toEqual([...rows.map((row) => row.computeShare)].sort((a, b) => a - b));
    expect(printedBy(run).trim()).toBe(whereTheGilHurts(rows, 2));
  });

  test("compares Node.js and Python in one table", () => {
    const { workloads } = gilLabels();
    expect(tableRows("compare").map((row) => row.work)).toEqual([workloads["CPU-bound"], workloads["I/O-bound"]]);
  });
});
