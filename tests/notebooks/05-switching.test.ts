import { expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import os from "node:os";
import { preemptionVerdict, pythonCallVerdict, switchCostVerdict, switchLabels, type PreemptionRow } from "../../lib/course/05-switching";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresTagged, printedBy, tableRowsTagged } from "./executed-notebook";

const name = "05-switching.ipynb";

describeCourseNotebook(name, 180_000, (executed) => {
  const tableRows = (tag: string): Record<string, unknown>[] => tableRowsTagged(executed(), tag);

  test("draws the interleaving, chunk-size and starvation plots", () => {
    for (const tag of ["measure-interleaving", "measure-chunksize", "measure-starvation"]) expect(figuresTagged(executed(), tag), tag).toHaveLength(1);
  });

  test("both threads' entries end up in the shared queue, each thread's own numbers in order", () => {
    const [figure] = figuresTagged(executed(), "measure-interleaving") as { data: { name: string; y: number[] }[] }[];
    const items = (quickParameters(name) as { itemsPerThread: number }).itemsPerThread;
    for (const trace of figure.data) expect(trace.y, trace.name).toEqual(Array.from({ length: items }, (_, index) => index + 1));
    const [row] = tableRows("measure-interleaving");
    expect(row.entries).toBe(2 * items);
  });

  test("large chunks beat chunk size 1 on tiny tasks", () => {
    const rows = tableRows("measure-chunksize") as { chunksize: number; tasksPerSecond: number }[];
    const one = rows.find((row) => row.chunksize === 1)!;
    const largest = rows.reduce((best, row) => (row.chunksize > best.chunksize ? row : best));
    expect(largest.tasksPerSecond).toBeGreaterThan(one.tasksPerSecond);
  });

  test("a task that never awaits delays the timer more than one that yields to the loop", () => {
    const worst = Object.fromEntries(tableRows("measure-starvation").map((row): [string, number] => [String(row.series), row.worstLagMs as number]));
    const label = switchLabels();
    expect(worst[label.neverAwaits]).toBeGreaterThan(worst[label.awaitsSetImmediate]);
    expect(worst[label.awaitsResolvedPromise]).toBeGreaterThan(worst[label.awaitsSetImmediate]);
  });

  test("the cost table has a plain call, an await and a hand-over between threads, and the sentence states those numbers", () => {
    const cost = Object.fromEntries(tableRows("measure-await-cost").map((row): [string, number] => [String(row.operation), row.nsPerCall as number]));
    const label = switchLabels();
    expect(cost[label.plainCall]).toBeGreaterThan(0);
    expect(cost[label.awaitOfAsync]).toBeGreaterThan(cost[label.plainCall]);
    // Waking a sleeping thread goes through the operating system; an await stays in the engine.
    expect(cost[label.threadHandOver]).toBeGreaterThan(cost[label.awaitOfAsync]);
    expect(printedBy(cellTagged(executed(), "measure-await-cost")).trim()).toBe(
      switchCostVerdict({
        plainNs: cost[label.plainCall],
        generatorNs: cost[label.generatorNext],
        awaitNs: cost[label.awaitOfAsync],
        threadHandOverUs: cost[label.threadHandOver] / 1000,
      }),
    );
  });

  test("threads that never pause are preempted once there are more of them than cores, and the sentence says how much", () => {
    const rows = tableRows("measure-preemption") as unknown as PreemptionRow[];
    const cores = os.availableParallelism();
    expect(rows.map((row) => row.threads)).toEqual([cores, 2 * cores]);
    // With twice as many spinning threads as cores, at most half can run at any instant.
    expect(rows[1].offCpuShare).toBeGreaterThan(0.3);
    expect(rows[1].breaksPerThread).toBeGreaterThan(0);
    expect(printedBy(cellTagged(executed(), "measure-preemption")).trim()).toBe(preemptionVerdict(rows));
  });

  test("CPython's call and generator resume are measured with python3, and the verdict on the source text follows them", () => {
    const rows = tableRows("measure-python-call");
    const label = switchLabels();
    const ns = (operation: string) => rows.find((row) => row.operation === operation)?.ns as number;
    const python = /^In CPython (\d+(?:\.\d+)+) /.exec(printedBy(cellTagged(executed(), "measure-python-call")))?.[1];
    expect(python).toMatch(/^3\.\d+/);
    expect(printedBy(cellTagged(executed(), "measure-python-call")).trim()).toBe(
      pythonCallVerdict({ python: python!, callNs: ns(label.plainCall), resumeNs: ns(label.generatorSend) }),
    );
  });
});
