import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { shutdownVerdict, toolingWords, type ShutdownRow } from "../../lib/course/06-tooling";
import { projectRoot } from "../../lib/project/build.cjs";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, solutionRuns, tableRowsTagged, tablesIn } from "./executed-notebook";

const name = "06-tooling.ipynb";
const parameters = quickParameters(name);

/** What the notebook's own cells print (lib's words come from lib), per edition. */
const printed = {
  en: {
    lockVersion: "Mutex + shared array",
    gathered: ["a ok", "Error: b failed", "c ok"],
    rejected: "rejected: b failed",
    tasks: { quick: "quick", broken: "broken", slow: ["slow 1", "slow 2"] },
    outcomes: { finished: "finished", failed: "failed", cancelled: "cancelled" },
    groupFailure: "the group failed with: broken failed",
    reason: "nobody awaited me",
    handled: "handled: nobody awaited me",
    stillRunning: "still running",
  },
  de: {
    lockVersion: "Mutex + gemeinsames Array",
    gathered: ["a ok", "Fehler: b ist fehlgeschlagen", "c ok"],
    rejected: "zurückgewiesen: b ist fehlgeschlagen",
    tasks: { quick: "schnell", broken: "fehlerhaft", slow: ["langsam 1", "langsam 2"] },
    outcomes: { finished: "fertig", failed: "fehlgeschlagen", cancelled: "abgebrochen" },
    groupFailure: "Fehler der Gruppe: fehlerhaft ist fehlgeschlagen",
    reason: "niemand hat auf mich gewartet",
    handled: "abgefangen: niemand hat auf mich gewartet",
    stillRunning: "läuft noch",
  },
};

describeCourseNotebook(name, 120_000, (executed, edition) => {
  const words = printed[edition];

  test("shows its results as tables, and has no plots", () => {
    expect(tablesIn(executed()).length).toBeGreaterThanOrEqual(11);
    expect(figuresIn(executed())).toHaveLength(0);
  });

  test("both thread versions of producer/consumer delivered every item exactly once", () => {
    const rows = tableRowsTagged(executed(), "measure-delivery");
    expect(rows.map((row) => row.version)).toEqual(["SharedQueue", words.lockVersion]);
    for (const row of rows) {
      expect(row.exactlyOnce).toBe(true);
      expect(row.produced).toBe(2 * (parameters.itemsPerProducer as number));
      expect(row.consumed).toBe(row.produced);
    }
  });

  test("map keeps the input order; imapUnordered does not, because the first task is the longest", () => {
    const rows = tableRowsTagged(executed(), "measure-order");
    const input = rows.map((row) => row.input);
    expect(input).toEqual(parameters.taskDurationsMs);
    expect(rows.map((row) => row.map)).toEqual(input);
    const unordered = rows.map((row) => row.imapUnordered);
    expect([...(unordered as number[])].sort((a, b) => a - b)).toEqual([...(input as number[])].sort((a, b) => a - b));
    expect(unordered).not.toEqual(input);
    expect(unordered[0]).not.toBe(input[0]);
  });

  test("the inline runner and the process pool computed the same prime counts", () => {
    const rows = tableRowsTagged(executed(), "measure-inline");
    expect(rows.map((row) => row.kind)).toEqual(["inline", "processes"]);
    expect(rows[0].primeCounts).toBe(rows[1].primeCounts);
    expect(String(rows[0].primeCounts).split(", ")).toHaveLength((parameters.primeLimits as number[]).length);
  });

  test("async: sleeps overlap, gather keeps slots, the semaphore caps concurrency", () => {
    const [sequential, together] = tableRowsTagged(executed(), "measure-sleeps").map((row) => row.ms as number);
    expect(sequential).toBeGreaterThan(1.5 * together);
    expect(tableRowsTagged(executed(), "measure-gather").map((row) => row.result)).toEqual(words.gathered);
    expect(printedBy(cellTagged(executed(), "measure-gather"))).toContain(words.rejected);
    const [unlimited, limited] = tableRowsTagged(executed(), "measure-semaphore").map((row) => row.peakConcurrency);
    expect(unlimited).toBe(parameters.asyncItems);
    expect(limited).toBe(3);
  });

  test("the async queue delivered every item exactly once", () => {
    const [row] = tableRowsTagged(executed(), "measure-async-queue");
    expect(row.exactlyOnce).toBe(true);
    expect(row.produced).toBe(parameters.asyncItems);
  });

  test("the task group cancelled the slow tasks when one failed", () => {
    const outcomes = Object.fromEntries(
      tableRowsTagged(executed(), "measure-taskgroup").map((row): [string, Record<string, unknown>] => [String(row.task), row]),
    );
    expect(outcomes[words.tasks.quick].outcome).toBe(words.outcomes.finished);
    expect(outcomes[words.tasks.broken].outcome).toBe(words.outcomes.failed);
    for (const slow of words.tasks.slow) {
      expect(outcomes[slow].outcome).toBe(words.outcomes.cancelled);
      expect(outcomes[slow].afterMs as number).toBeLessThan(parameters.slowTaskMs as number);
    }
    expect(printedBy(cellTagged(executed(), "measure-taskgroup")).trim()).toBe(words.groupFailure);
  });

  test("a service with a signal handler drains its queue and exits with code 0; without one, the signal ends it and loses the waiting work", () => {
    const cell = cellTagged(executed(), "measure-shutdown");
    const [graceful, abrupt] = tableRowsTagged(executed(), "measure-shutdown") as unknown as ShutdownRow[];
    expect(graceful).toMatchObject({ way: toolingWords().graceful, exit: toolingWords().exitCode(0), lost: 0 });
    expect(graceful.processed).toBeGreaterThanOrEqual(graceful.unfinishedAtSignal + (parameters.signalAfterItems as number));
    expect(abrupt).toMatchObject({ way: toolingWords().abrupt, exit: toolingWords().killedBy("SIGTERM") });
    expect(abrupt.lost).toBeGreaterThan(0);
    expect(printedBy(cell).trim()).toBe(shutdownVerdict([graceful, abrupt]));
  });

  test("an unhandled rejection ends a plain Node process, and a handler keeps it alive", () => {
    const [plain, handled] = tableRowsTagged(executed(), "measure-rejection");
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain(words.reason);
    expect(plain.stdout).toBe("");
    expect(handled.exitCode).toBe(0);
    expect(handled.stdout).toContain(words.handled);
    expect(handled.stdout).toContain(words.stillRunning);
  });

  test("prints the repository's example test of the async queue, found from the edition's folder", () => {
    const example = fs.readFileSync(path.join(projectRoot, "tests/examples/async-queue.test.ts"), "utf8");
    expect(printedBy(cellTagged(executed(), "show-async-test")).trim()).toBe(example.trim());
  });

  test("ends with three exercises whose solutions run and show a table each", () => {
    const runs = solutionRuns(executed());
    expect(runs).toHaveLength(3);
    for (const run of runs) expect(tablesIn(run)).toHaveLength(1);
  });
});
