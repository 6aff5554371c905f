import os from "node:os";
import { expect, test } from "vitest";
import { arrivesAs, faultVerdict, roundTripVerdict, throughputVerdict, type FaultRow } from "../../lib/course/02-distributed-processing";
import { localized } from "../../lib/language";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, solutionRuns, tableOf, tablesIn, traceNamed, tracesOf } from "./executed-notebook";

const name = "02-distributed-processing.ipynb";
const parameters = quickParameters(name) as { taskMs: number; recoveryMs: number; faultTaskMs: number };

/** The printed sentence with every "1.2 s" (or "1,2 s") as "… s": the fault demonstration's timings are not in its table. */
const withoutSeconds = (text: string) => text.replace(/\d+[.,]\d s\b/g, "… s");

describeCourseNotebook(name, 150_000, (executed) => {
  const throughputRows = (kind: string) =>
    (tableOf(cellTagged(executed(), "measure-throughput")).rows as { kind: string; workers: number; tasksPerSecond: number }[]).filter(
      (row) => row.kind === kind,
    );

  function tasksPerSecond(kind: string, workers: number): number {
    return throughputRows(kind).find((row) => row.workers === workers)?.tasksPerSecond as number;
  }

  test("shows the throughput plot and the round-trip bars", () => {
    expect(figuresIn(executed())).toHaveLength(2);
  });

  test("threads receive every sample intact; the distributed runner accepts plain data only and says why", () => {
    const rows = tableOf(cellTagged(executed(), "serialization")).rows;
    const sent = (runner: string) => rows.filter((row) => row.runner === runner);
    // The first sample is the plain object, labelled in the edition's language; the others are named by their type.
    expect(
      sent("threads")
        .slice(1)
        .map((row) => row.input),
    ).toEqual(["Date", "Float64Array", "Map", "bigint"]);
    expect(sent("threads").map((row) => row.outcome)).toEqual(["Object", "Date", "Float64Array", "Map", "BigInt"].map(arrivesAs));
    const [plain, ...others] = sent("distributed").map((row) => String(row.outcome));
    expect(plain).toBe(arrivesAs("Object"));
    expect(others).toHaveLength(4);
    for (const outcome of others) expect(outcome).toMatch(/^NotSerializableError: input is a .*JSON/);
  });

  test("throughput of the process and distributed runners at 1 … availableParallelism workers, in one plot", () => {
    const workers = Array.from({ length: Math.max(2, os.availableParallelism()) }, (_, index) => index + 1);
    const traces = tracesOf(cellTagged(executed(), "plot-throughput"));
    expect(traceNamed(traces, "processes").x).toEqual(workers);
    expect(traceNamed(traces, "distributed").x).toEqual(workers);
    // The same CPU-bound work: the broker's overhead is small against it, so the two stay within a broad band.
    const ratio = tasksPerSecond("distributed", 1) / tasksPerSecond("processes", 1);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
    expect(printedBy(cellTagged(executed(), "verdict-throughput")).trim()).toBe(throughputVerdict(throughputRows("processes"), throughputRows("distributed")));
  });

  test("a round trip through Redis costs more than one through a pipe, and the verdict states the table's medians", () => {
    const cell = cellTagged(executed(), "measure-round-trips");
    const rows = tableOf(cell).rows as { kind: string; medianMs: number }[];
    const medianOf = (kind: string) => rows.find((row) => row.kind === kind)?.medianMs as number;
    expect(rows.map((row) => row.kind)).toEqual(["threads", "processes", "distributed"]);
    expect(medianOf("distributed")).toBeGreaterThan(medianOf("processes"));
    const [bars] = tracesOf(cell);
    expect(bars.y).toEqual(rows.map((row) => row.medianMs));
    expect(printedBy(cellTagged(executed(), "verdict-round-trips")).trim()).toBe(roundTripVerdict(rows, parameters.taskMs));
  });

  test("the recovery settings table names BullMQ's defaults apart from the course runner's", () => {
    const rows = tableOf(cellTagged(executed(), "recovery-settings")).rows;
    expect(rows.map((row) => [row.bullmq, row.courseRunner])).toEqual([
      [30_000, 10_000],
      [30_000, 5_000],
    ]);
    expect(rows.every((row) => row.thisDemo === parameters.recoveryMs)).toBe(true);
  });

  test("with its workers killed mid-job, the jobs they held run twice and every result is delivered once, from replacements", () => {
    const cell = cellTagged(executed(), "verdict-fault");
    const verdict = printedBy(cell).trim();
    const rows = tableOf(cell).rows as { job: number; starts: number; resultFrom: string; startedInKilledWorker: boolean }[];
    expect(rows.map((row) => row.job)).toEqual([0, 1, 2, 3]);
    // The verdict names the killed workers' pids first, in both languages.
    const killed = /^\D*(\d+(?:, \d+)*)/.exec(verdict)![1].split(", ");
    expect(killed).toHaveLength(2);
    expect(rows.every((row) => !killed.includes(row.resultFrom))).toBe(true);
    // The notebook kills both workers once each has started a job (one at a time each): those two jobs started again.
    const twice = rows.filter((row) => row.starts === 2);
    expect(twice).toHaveLength(2);
    expect(twice.every((row) => row.startedInKilledWorker)).toBe(true);
    expect(rows.filter((row) => row.starts === 1).every((row) => !row.startedInKilledWorker)).toBe(true);
    const faultRows: FaultRow[] = rows.map((row) => ({ ...row, resultFromKilledWorker: killed.includes(row.resultFrom) }));
    const run = { killed: killed.map(Number), killedAtMs: 0, tookMs: 0, jobs: 4, taskMs: parameters.faultTaskMs, workers: 2 };
    expect(withoutSeconds(verdict)).toBe(withoutSeconds(faultVerdict(faultRows, run)));
  });

  test("a vanished broker fails the pending task with a clear error instead of hanging", () => {
    const before = localized({ en: "with Redis: 2; without it, after", de: "mit Redis: 2; ohne Redis, nach" });
    expect(printedBy(cellTagged(executed(), "broker-down"))).toMatch(
      new RegExp(`^${before} \\d+[.,]\\d s: RedisUnavailableError: Redis at redis://127\\.0\\.0\\.1:\\d+ is not available`),
    );
  });

  test("prints the command that starts a worker elsewhere; a worker started with it takes jobs, then leaves after close", () => {
    const printed = printedBy(cellTagged(executed(), "worker-command"));
    expect(printed).toMatch(/node \S+\/worker-main\.js --redis redis:\/\/\S+ --queue course-demo /);
    const ranIn = localized({
      en: String.raw`Jobs ran in worker processes \d+( and \d+)?; the one started by hand is \d+\.`,
      de: String.raw`Die Jobs liefen in den Worker-Prozessen \d+( und \d+)?; der von Hand gestartete ist \d+\.`,
    });
    expect(printed).toMatch(new RegExp(ranIn));
    const left = localized({
      en: String.raw`After close\(\), the worker started by hand left by itself \d+\.\d s later \(exit code 0\)\.`,
      de: String.raw`Nach close\(\) beendete sich der von Hand gestartete Worker \d+,\d s später von selbst \(Exit-Code 0\)\.`,
    });
    expect(printed).toMatch(new RegExp(left));
  });

  test("the exercises' solutions show chunks beating single-task messages and concurrency helping waiting tasks", () => {
    const [chunks, waiting] = solutionRuns(executed()).map((cell) => tablesIn(cell)[0].rows);
    const rate = (rows: Record<string, unknown>[], key: string, value: unknown) => rows.find((row) => row[key] === value)?.tasksPerSecond as number;
    expect(rate(chunks, "chunksize", 25)).toBeGreaterThan(rate(chunks, "chunksize", 1));
    expect(rate(waiting, "kind", "concurrency 8")).toBeGreaterThan(2 * rate(waiting, "kind", "concurrency 1"));
  });
});
