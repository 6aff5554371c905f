import type * as nbformat from "@jupyterlab/nbformat";
import { beforeAll, expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { notebookRunTimeout, runCourseNotebook } from "../support/course";
import { figuresTagged, tableRowsTagged } from "./executed-notebook";

const name = "05-switching.ipynb";

let executed: nbformat.INotebookContent;

beforeAll(async () => {
  executed = await runCourseNotebook(name);
}, notebookRunTimeout(180_000));


const tableRows = (tag: string): Record<string, unknown>[] => tableRowsTagged(executed, tag);

test("draws the interleaving, chunk-size and starvation plots", () => {
  for (const tag of ["measure-interleaving", "measure-chunksize", "measure-starvation"]) expect(figuresTagged(executed, tag), tag).toHaveLength(1);
});

test("both threads' entries end up in the shared queue, each thread's own numbers in order", () => {
  const [figure] = figuresTagged(executed, "measure-interleaving") as { data: { name: string; y: number[] }[] }[];
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
  const worst = Object.fromEntries(tableRows("measure-starvation").map((row) => [row.series, row.worstLagMs as number]));
  expect(worst["never awaits"]).toBeGreaterThan(worst["awaits setImmediate"]);
  expect(worst["awaits a resolved promise"]).toBeGreaterThan(worst["awaits setImmediate"]);
});

test("the await-cost table has a plain call and an await, and the await costs more", () => {
  const cost = Object.fromEntries(tableRows("measure-await-cost").map((row) => [row.operation, row.nsPerCall as number]));
  expect(cost["plain function call"]).toBeGreaterThan(0);
  expect(cost["await of an async function"]).toBeGreaterThan(cost["plain function call"]);
});
