import { expect, test } from "vitest";
import {
  appVerdict,
  overviewRows,
  profileVerdict,
  type DecisionRow,
  type DesignRecord,
  type OverviewMeasurements,
  type ProfileRow,
} from "../../lib/course/08-summary";
import { describeCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, tableRowsTagged, tablesIn, tracesOf } from "./executed-notebook";

const name = "08-summary.ipynb";

/** What the notebook's own cells print (lib's words come from lib), per edition. */
const printed = {
  en: {
    designs: ["all async", "all processes", "mixed: async I/O + process pool"],
    workloads: ["CPU-bound", "I/O-bound", "tiny"],
    criteria: ["separation", "switching", "tooling", "performance"],
    lead: /^\d+\.\d×$/,
  },
  de: {
    designs: ["alles async", "alles in Prozessen", "gemischt: async-I/O + Prozess-Pool"],
    workloads: ["CPU-lastig", "I/O-lastig", "winzige"],
    criteria: ["Trennung", "Wechsel", "Tooling", "Performance"],
    lead: /^\d+,\d×$/,
  },
};

describeCourseNotebook(name, 120_000, (executed, edition) => {
  const words = printed[edition];

  test("shows one figure: the app designs as bars", () => {
    expect(figuresIn(executed())).toHaveLength(1);
    const [bars] = tracesOf(cellTagged(executed(), "plot-app"));
    expect(bars.x).toEqual(words.designs);
    expect(bars.y).toEqual(tableRowsTagged(executed(), "measure-app").map((row) => row.itemsPerSecond));
  });

  test("the decision table has a measured row per workload with the best model named", () => {
    const rows = tableRowsTagged(executed(), "measure-decision");
    expect(rows.map((row) => String(row.workload).split(" ")[0])).toEqual(words.workloads);
    for (const row of rows) {
      for (const kind of ["async", "threads", "processes"]) expect(row[kind] as number).toBeGreaterThan(0);
      const fastest = ["async", "threads", "processes"].reduce((best, kind) => ((row[kind] as number) > (row[best] as number) ? kind : best));
      expect(row.best).toBe(fastest);
      expect(row.lead).toMatch(words.lead);
    }
  });

  test("the mixed app beats the all-processes design, and the sentence states the ratios", () => {
    const designs = tableRowsTagged(executed(), "measure-app") as unknown as DesignRecord[];
    expect(designs.map((design) => design.design)).toEqual(words.designs);
    const [, allProcesses, mixed] = designs.map((design) => design.itemsPerSecond);
    expect(mixed).toBeGreaterThan(allProcesses);
    expect(printedBy(cellTagged(executed(), "verdict-app")).trim()).toBe(appVerdict(designs));
  });

  test("the profile of the all-async design finds the CPU work on the event loop, and the sentence states the profile's numbers", () => {
    const cell = cellTagged(executed(), "measure-profile");
    const [functions, delay] = tablesIn(cell).map((shown) => shown.rows);
    expect(functions.length).toBeGreaterThan(0);
    // The prime counting of lib/workloads/cpu.ts, under either name: the optimizer may inline one into the other.
    expect(
      functions.some((row) => /^countPrimes(InRange)? \(\S*workloads\/cpu\.[jt]s:\d+\)$/.test(String(row.function))),
      JSON.stringify(functions),
    ).toBe(true);
    const loopDelay = delay[0] as { p50Ms: number; p99Ms: number; maxMs: number };
    expect(loopDelay.maxMs).toBeGreaterThanOrEqual(loopDelay.p50Ms);
    expect(printedBy(cell).trim()).toBe(profileVerdict({ functions: functions as unknown as ProfileRow[], loopDelay }));
  });

  test("the source text's overview is filled with this run's numbers: the measurements shown and the decision table", () => {
    const [measurements, overview] = tablesIn(cellTagged(executed(), "measure-overview")).map((shown) => shown.rows);
    const measured = Object.fromEntries(
      measurements.map((row, index) => [
        ["threadRoundTripMs", "processRoundTripMs", "mainLoopJobMs", "threadHandOverUs", "processEmptyTripUs", "awaitNs"][index],
        row.value,
      ]),
    ) as unknown as OverviewMeasurements;
    const decisions = tableRowsTagged(executed(), "measure-decision") as unknown as DecisionRow[];
    expect(overview).toEqual(overviewRows(measured, { cpu: decisions[0], io: decisions[1] }));
    expect(overview.map((row) => String(row.criterion).split(" ")[0])).toEqual(words.criteria);
  });

  test("the recap links every notebook of the course by file name", () => {
    const markdown = executed()
      .cells.filter((cell) => cell.cell_type === "markdown")
      .map((cell) => String(Array.isArray(cell.source) ? cell.source.join("") : cell.source))
      .join("\n");
    for (const notebook of [
      "00-start-here",
      "01-martelli-scalability",
      "02-distributed-processing",
      "03-global-interpreter-lock",
      "04-separation",
      "05-switching",
      "06-tooling",
      "07-performance",
    ]) {
      expect(markdown).toContain(`${notebook}.ipynb`);
    }
  });
});
