import type * as nbformat from "@jupyterlab/nbformat";
import { beforeAll, expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { runCourseNotebook } from "../support/course";

const name = "04-separation.ipynb";
const plotly = "application/vnd.plotly.v1+json";
const tableType = "application/vnd.ts-concurrency-course.table+json";

let executed: nbformat.INotebookContent;

beforeAll(async () => {
  executed = await runCourseNotebook(name);
}, 180_000);

function dataOf(tag: string, mimeType: string): unknown[] {
  const cell = executed.cells.find((candidate) => candidate.cell_type === "code" && ((candidate.metadata.tags as string[] | undefined) ?? []).includes(tag));
  if (cell === undefined) throw new Error(`no cell tagged ${tag}`);
  return (cell as nbformat.ICodeCell).outputs.map((output) => (output as nbformat.IDisplayData).data?.[mimeType]).filter((data) => data !== undefined);
}

function tableRows(tag: string): Record<string, unknown>[] {
  const [data] = dataOf(tag, tableType) as { rows: Record<string, unknown>[] }[];
  if (data === undefined) throw new Error(`cell ${tag} shows no table`);
  return data.rows;
}

test("the racy counter lost updates; the lock, atomics and the queue owner counted exactly", () => {
  const { workers, incrementsPerWorker } = quickParameters(name) as { workers: number; incrementsPerWorker: number };
  const expected = workers * incrementsPerWorker;
  const counted = Object.fromEntries(tableRows("measure-race").map((row) => [row.variant, row.counted]));
  expect(counted["racy read–write with fuzz"]).toBeLessThan(expected);
  expect(counted["Mutex around the read–write"]).toBe(expected);
  expect(counted["Atomics.add"]).toBe(expected);
  expect(counted["one owner fed by a SharedQueue"]).toBe(expected);
});

test("the serialization plot has one line per channel, over every payload size", () => {
  const [figure] = dataOf("measure-serialization", plotly) as { data: { name: string; x: number[]; y: number[] }[] }[];
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
  for (const column of ["JSON (ms)", "v8.serialize (ms)", "structuredClone (ms)"]) expect(rows.every((row) => (row[column] as number) >= 0)).toBe(true);
});

test("the bridge answered every worker's job on the main thread, and the main loop's counts add up", () => {
  const rows = tableRows("measure-bridge");
  expect(rows).toHaveLength((quickParameters(name) as { bridgeRequests: number }).bridgeRequests);
  expect(rows.every((row) => row.answeredOnThread === 0 && (row.askedFrom as number) > 0)).toBe(true);
  const apples = rows.filter((row) => row.item === "apples").map((row) => row.reservedSoFar as number);
  expect(apples.sort((a, b) => a - b)).toEqual(apples.map((_, index) => index + 1));
});
