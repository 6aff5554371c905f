import type * as nbformat from "@jupyterlab/nbformat";
import os from "node:os";
import { beforeAll, describe, expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { notebookRunTimeout, runCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, solutionRuns, tableOf, tablesIn, traceNamed, tracesOf } from "./executed-notebook";

const name = "02-distributed-processing.ipynb";
let executed: nbformat.INotebookContent;

beforeAll(async () => {
  executed = await runCourseNotebook(name);
}, notebookRunTimeout(150_000));

function tasksPerSecond(kind: string, workers: number): number {
  const row = tableOf(cellTagged(executed, "measure-throughput")).rows.find((candidate) => candidate.kind === kind && candidate.workers === workers);
  return row?.tasksPerSecond as number;
}

describe(name, () => {
  test("shows the throughput plot and the round-trip bars", () => {
    expect(figuresIn(executed)).toHaveLength(2);
  });

  test("threads receive every sample intact; the distributed runner accepts plain data only and says why", () => {
    const rows = tableOf(cellTagged(executed, "serialization")).rows;
    const outcome = (runner: string, input: string) => String(rows.find((row) => row.runner === runner && row.input === input)?.outcome);
    for (const [input, type] of [["plain object", "Object"], ["Date", "Date"], ["Float64Array", "Float64Array"], ["Map", "Map"], ["bigint", "BigInt"]]) {
      expect(outcome("threads", input)).toBe(`arrives as ${type}`);
    }
    expect(outcome("distributed", "plain object")).toBe("arrives as Object");
    for (const input of ["Date", "Float64Array", "Map", "bigint"]) expect(outcome("distributed", input)).toMatch(/^NotSerializableError: input is a .*JSON/);
  });

  test("throughput of the process and distributed runners at 1 … availableParallelism workers, in one plot", () => {
    const workers = Array.from({ length: Math.max(2, os.availableParallelism()) }, (_, index) => index + 1);
    const traces = tracesOf(cellTagged(executed, "plot-throughput"));
    expect(traceNamed(traces, "processes").x).toEqual(workers);
    expect(traceNamed(traces, "distributed").x).toEqual(workers);
    // The same CPU-bound work: the broker's overhead is small against it, so the two stay within a broad band.
    const ratio = tasksPerSecond("distributed", 1) / tasksPerSecond("processes", 1);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
    expect(printedBy(cellTagged(executed, "verdict-throughput"))).toMatch(/^distributed \/ process runner: \d+\.\d\d× at 1 worker/);
  });

  test("a round trip through Redis costs more than one through a pipe", () => {
    const cell = cellTagged(executed, "measure-round-trips");
    const rows = tableOf(cell).rows;
    const medianOf = (kind: string) => rows.find((row) => row.kind === kind)?.medianMs as number;
    expect(rows.map((row) => row.kind)).toEqual(["threads", "processes", "distributed"]);
    expect(medianOf("distributed")).toBeGreaterThan(medianOf("processes"));
    expect(traceNamed(tracesOf(cell), "median round trip").y).toHaveLength(3);
  });

  test("the recovery settings table names BullMQ's defaults apart from the course runner's", () => {
    const rows = tableOf(cellTagged(executed, "recovery-settings")).rows;
    expect(rows.map((row) => [row.bullmq, row.courseRunner])).toEqual([[30_000, 10_000], [30_000, 5_000]]);
    expect(rows.every((row) => row.thisDemo === quickParameters(name).recoveryMs)).toBe(true);
  });

  test("with its workers killed mid-job, the jobs they held run twice and every result is delivered once, from replacements", () => {
    const cell = cellTagged(executed, "verdict-fault");
    const rows = tableOf(cell).rows as { job: number; starts: number; resultFrom: string; startedInKilledWorker: boolean }[];
    expect(rows.map((row) => row.job)).toEqual([0, 1, 2, 3]);
    const killed = /^Killed workers ([\d, ]+) at/.exec(printedBy(cell))![1].split(", ");
    expect(rows.every((row) => !killed.includes(row.resultFrom))).toBe(true);
    // The notebook kills both workers once each has started a job (one at a time each): those two jobs started again.
    const twice = rows.filter((row) => row.starts === 2);
    expect(twice).toHaveLength(2);
    expect(twice.every((row) => row.startedInKilledWorker)).toBe(true);
    expect(rows.filter((row) => row.starts === 1).every((row) => !row.startedInKilledWorker)).toBe(true);
    const verdict = printedBy(cell);
    expect(verdict).toContain("each delivered once: true");
    expect(verdict).toContain("all from replacement workers: true");
    expect(verdict).toContain(`jobs ${twice.map((row) => row.job).join(" and ")} started twice`);
  });

  test("a vanished broker fails the pending task with a clear error instead of hanging", () => {
    expect(printedBy(cellTagged(executed, "broker-down"))).toMatch(/^with Redis: 2; without it, after \d+\.\d s: RedisUnavailableError: Redis at redis:\/\/127\.0\.0\.1:\d+ is not available/);
  });

  test("prints the command that starts a worker elsewhere; a worker started with it takes jobs, then leaves after close", () => {
    const printed = printedBy(cellTagged(executed, "worker-command"));
    expect(printed).toMatch(/node \S+\/worker-main\.js --redis redis:\/\/\S+ --queue course-demo /);
    const byHand = /the one started by hand is (\d+)\./.exec(printed)?.[1];
    expect(printed).toMatch(/Jobs ran in worker processes \d+( and \d+)?;/);
    expect(byHand).toBeDefined();
    expect(printed).toMatch(/After close\(\), the worker started by hand left by itself \d+\.\d s later \(exit code 0\)\./);
  });

  test("the exercises' solutions show chunks beating single-task messages and concurrency helping waiting tasks", () => {
    const [chunks, waiting] = solutionRuns(executed).map((cell) => tablesIn(cell)[0].rows);
    const rate = (rows: Record<string, unknown>[], key: string, value: unknown) => rows.find((row) => row[key] === value)?.tasksPerSecond as number;
    expect(rate(chunks, "chunksize", 25)).toBeGreaterThan(rate(chunks, "chunksize", 1));
    expect(rate(waiting, "kind", "concurrency 8")).toBeGreaterThan(2 * rate(waiting, "kind", "concurrency 1"));
  });
});
