import type * as nbformat from "@jupyterlab/nbformat";
import { expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { channelVerdict, expectedAndCounted, lostUpdates, raceVariants } from "../../lib/course/04-separation";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresTagged, printedBy, tableRowsTagged } from "./executed-notebook";

const name = "04-separation.ipynb";

describeCourseNotebook(name, 180_000, (executed) => {
  const tableRows = (tag: string): Record<string, unknown>[] => tableRowsTagged(executed(), tag);
  const codeCellWith = (text: string) => executed().cells.find((cell) => cell.cell_type === "code" && String(cell.source).includes(text)) as nbformat.ICodeCell;

  test("the racy counter lost updates; the lock, atomics and the queue owner counted exactly, and each sentence reports its count", () => {
    const { workers, incrementsPerWorker } = quickParameters(name) as { workers: number; incrementsPerWorker: number };
    const expected = workers * incrementsPerWorker;
    const counted = Object.fromEntries(tableRows("measure-race").map((row): [string, number] => [String(row.variant), row.counted as number]));
    const variant = raceVariants();
    expect(counted[variant.racy]).toBeLessThan(expected);
    expect(counted[variant.mutex]).toBe(expected);
    expect(counted[variant.atomics]).toBe(expected);
    expect(counted[variant.owner]).toBe(expected);
    // The sentence after each run reports the very count of the table.
    expect(printedBy(codeCellWith("function racyIncrements")).trim()).toBe(lostUpdates(expected, counted[variant.racy]));
    expect(printedBy(codeCellWith("function lockedIncrements")).trim()).toBe(expectedAndCounted(expected, counted[variant.mutex]));
    expect(printedBy(codeCellWith("function atomicIncrements")).trim()).toBe(expectedAndCounted(expected, counted[variant.atomics]));
    expect(printedBy(codeCellWith("function ownCounter")).trim()).toBe(expectedAndCounted(expected, counted[variant.owner]));
  });

  test("the serialization plot has one line per channel, over every payload size", () => {
    const [figure] = figuresTagged(executed(), "measure-serialization") as { data: { name: string; x: number[]; y: number[] }[] }[];
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
    const [figure] = figuresTagged(executed(), "measure-serialization") as { data: { name: string; x: number[]; y: number[] }[] }[];
    const records = figure.data.flatMap((trace) => trace.x.map((bytes, index) => ({ channel: trace.name, bytes, roundTripMs: trace.y[index] })));
    expect(printedBy(cellTagged(executed(), "measure-serialization")).trim()).toBe(channelVerdict(records));
  });

  test("the bridge answered every worker's job on the main thread, and the main loop's counts add up for each item", () => {
    const rows = tableRows("measure-bridge");
    expect(rows).toHaveLength((quickParameters(name) as { bridgeRequests: number }).bridgeRequests);
    expect(rows.every((row) => row.answeredOnThread === 0 && (row.askedFrom as number) > 0)).toBe(true);
    const items = [...new Set(rows.map((row) => row.item))];
    expect(items).toHaveLength(2);
    for (const item of items) {
      const counts = rows.filter((row) => row.item === item).map((row) => row.reservedSoFar as number);
      expect(
        counts.sort((a, b) => a - b),
        String(item),
      ).toEqual(counts.map((_, index) => index + 1));
    }
  });
});
