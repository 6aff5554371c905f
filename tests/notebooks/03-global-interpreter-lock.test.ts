import type * as nbformat from "@jupyterlab/nbformat";
import { beforeAll, expect, test } from "vitest";
import { notebookRunTimeout, runCourseNotebook } from "../support/course";
import { figuresIn, figuresTagged, tableRowsTagged } from "./executed-notebook";

const name = "03-global-interpreter-lock.ipynb";

interface PlotTrace {
  name: string;
  x: number[];
  y: number[];
}

let executed: nbformat.INotebookContent;

beforeAll(async () => {
  executed = await runCourseNotebook(name);
}, notebookRunTimeout(180_000));



const tableRows = (tag: string): Record<string, unknown>[] => tableRowsTagged(executed, tag);

/** Speed-up at 2 workers of the line called `line` in the cell's plot. */
function speedupAtTwo(tag: string, line: string): number {
  const [figure] = figuresTagged(executed, tag) as { data: PlotTrace[] }[];
  const trace = figure.data.find((candidate) => candidate.name === line);
  if (trace === undefined) throw new Error(`plot in ${tag} has no line "${line}"`);
  return trace.y[trace.x.indexOf(2)];
}

test("draws the CPU, I/O and event-loop plots", () => {
  expect(figuresIn(executed)).toHaveLength(3);
});

test("shows the Python baseline: threads and processes for both workloads", () => {
  const rows = tableRows("python-baseline");
  for (const workload of ["CPU-bound", "I/O-bound"]) {
    for (const model of ["threads", "processes"]) {
      const row = rows.find((candidate) => candidate.workload === workload && candidate.model === model && candidate.workers === 2);
      expect(row?.seconds, `${workload} ${model}`).toBeGreaterThan(0);
    }
  }
});

test("threads under the simulated GIL gain nothing on CPU work, and two threads without it get more done", () => {
  expect(speedupAtTwo("measure-gil-cpu", "threads + simulated GIL")).toBeLessThan(1.3);
  // Compared at the same worker count, measured in the same interleaved rounds: two threads that may run at
  // once never finish less than two that take turns, however busy the machine is (a speed-up against the
  // 1-worker run would also carry that run's noise).
  const twoWorkers = (kind: string) => tableRows("measure-gil-cpu").find((row) => row.kind === kind && row.workers === 2)?.tasksPerSecond as number;
  expect(twoWorkers("threads, no GIL")).toBeGreaterThan(twoWorkers("threads + simulated GIL"));
});

test("I/O-bound threads gain under the simulated GIL", () => {
  // Waiting releases the lock, so two threads overlap their waits: physics, not a timing threshold.
  expect(speedupAtTwo("measure-gil-io", "threads + simulated GIL")).toBeGreaterThan(1.3);
});

test("a CPU loop on the main thread makes the timer later than an idle loop", () => {
  const rows = tableRows("measure-blocked-loop");
  const worst = (series: string) => rows.find((row) => row.series === series)?.worstLagMs as number;
  expect(worst("CPU loop on the main thread")).toBeGreaterThan(worst("idle loop"));
  expect(worst("CPU loop on the main thread")).toBeGreaterThan(worst("CPU loop in a worker thread"));
});

test("compares Node.js and Python in one table", () => {
  expect(tableRows("compare").map((row) => row.work)).toEqual(["CPU-bound", "I/O-bound"]);
});
