import type * as nbformat from "@jupyterlab/nbformat";
import { beforeAll, expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { channelVerdict, lostUpdates } from "../../lib/course/04-separation";
import { notebookRunTimeout, runCourseNotebook } from "../support/course";
import { cellTagged, figuresTagged, printedBy, tableRowsTagged } from "./executed-notebook";

const name = "04-separation.ipynb";

let executed: nbformat.INotebookContent;

beforeAll(async () => {
  executed = await runCourseNotebook(name);
}, notebookRunTimeout(180_000));


const tableRows = (tag: string): Record<string, unknown>[] => tableRowsTagged(executed, tag);

test("the racy counter lost updates; the lock, atomics and the queue owner counted exactly", () => {
  const { workers, incrementsPerWorker } = quickParameters(name) as { workers: number; incrementsPerWorker: number };
  const expected = workers * incrementsPerWorker;
  const counted = Object.fromEntries(tableRows("measure-race").map((row) => [row.variant, row.counted]));
  expect(counted["racy read–write with fuzz"]).toBeLessThan(expected);
  expect(counted["Mutex around the read–write"]).toBe(expected);
  expect(counted["Atomics.add"]).toBe(expected);
  expect(counted["one owner fed by a SharedQueue"]).toBe(expected);
  // The sentence after the racy run reports the very count of the table.
  const racyCell = executed.cells.find((cell) => cell.cell_type === "code" && String(cell.source).includes("function racyIncrements")) as nbformat.ICodeCell;
  expect(printedBy(racyCell).trim()).toBe(lostUpdates(expected, counted["racy read–write with fuzz"] as number));
});

test("the serialization plot has one line per channel, over every payload size", () => {
  const [figure] = figuresTagged(executed, "measure-serialization") as { data: { name: string; x: number[]; y: number[] }[] }[];
  expect(figure.data.map((trace) => trace.name).sort()).toEqual(["process-advanced", "process-json", "thread"]);
  const sizes = (quickParameters(name) as { payloadSizes: number[] }).payloadSizes;
  for (const trace of figure.data) {
    expect(trace.x).toEqual(sizes);
    expect(trace.y.every((ms) => ms > 0)).toBe(true);
  }
});

test("the encoding table times JSON, v8.serialize and structuredClone for every size", () => {
  const rows = tableRows("measure-encoding");
  expect(rows).toHaveLength((quickParameters(name) as { payloadSizes: number[] }).payloadSizes.length);
  for (const column of ["JSON", "v8.serialize", "structuredClone"]) expect(rows.every((row) => (row[column] as number) >= 0)).toBe(true);
});

test("the sentence on the channels states what the plot's numbers show, small messages and large", () => {
  const [figure] = figuresTagged(executed, "measure-serialization") as { data: { name: string; x: number[]; y: number[] }[] }[];
  const records = figure.data.flatMap((trace) => trace.x.map((bytes, index) => ({ channel: trace.name, bytes, roundTripMs: trace.y[index] })));
  expect(printedBy(cellTagged(executed, "measure-serialization")).trim()).toBe(channelVerdict(records));
});

test("the bridge answered every worker's job on the main thread, and the main loop's counts add up", () => {
  const rows = tableRows("measure-bridge");
  expect(rows).toHaveLength((quickParameters(name) as { bridgeRequests: number }).bridgeRequests);
  expect(rows.every((row) => row.answeredOnThread === 0 && (row.askedFrom as number) > 0)).toBe(true);
  const apples = rows.filter((row) => row.item === "apples").map((row) => row.reservedSoFar as number);
  expect(apples.sort((a, b) => a - b)).toEqual(apples.map((_, index) => index + 1));
});
