import type * as nbformat from "@jupyterlab/nbformat";
import { beforeAll, describe, expect, test } from "vitest";
import { notebookRunTimeout, runCourseNotebook } from "../support/course";
import { cellTagged, figuresIn, printedBy, tableRowsTagged, tracesOf } from "./executed-notebook";

const name = "08-summary.ipynb";
let executed: nbformat.INotebookContent;

beforeAll(async () => {
  executed = await runCourseNotebook(name);
}, notebookRunTimeout(120_000));


describe(name, () => {
  test("shows one figure: the app designs as bars", () => {
    expect(figuresIn(executed)).toHaveLength(1);
    const [bars] = tracesOf(cellTagged(executed, "plot-app"));
    expect(bars.x).toEqual(["all async", "all processes", "mixed: async I/O + process pool"]);
    expect(bars.y).toEqual(tableRowsTagged(executed, "measure-app").map((row) => row.itemsPerSecond));
  });

  test("the decision table has a measured row per workload with the best model named", () => {
    const rows = tableRowsTagged(executed, "measure-decision");
    expect(rows.map((row) => String(row.workload).split(" ")[0])).toEqual(["CPU-bound", "I/O-bound", "tiny"]);
    for (const row of rows) {
      for (const kind of ["async", "threads", "processes"]) expect(row[kind] as number).toBeGreaterThan(0);
      const fastest = ["async", "threads", "processes"].reduce((best, kind) => ((row[kind] as number) > (row[best] as number) ? kind : best));
      expect(row.best).toBe(fastest);
      expect(row.lead).toMatch(/^\d+\.\d×$/);
    }
  });

  test("the mixed app beats the all-processes design", () => {
    const perSecond = Object.fromEntries(tableRowsTagged(executed, "measure-app").map((row) => [row.design, row.itemsPerSecond as number]));
    expect(perSecond["mixed: async I/O + process pool"]).toBeGreaterThan(perSecond["all processes"]);
    expect(printedBy(cellTagged(executed, "verdict-app"))).toMatch(/mixed vs all async: [\d.]+×, mixed vs all processes: [\d.]+×/);
  });

  test("the recap links every notebook of the course by file name", () => {
    const markdown = executed.cells.filter((cell) => cell.cell_type === "markdown").map((cell) => String(Array.isArray(cell.source) ? cell.source.join("") : cell.source)).join("\n");
    for (const notebook of ["00-start-here", "01-martelli-scalability", "02-distributed-processing", "03-global-interpreter-lock", "04-separation", "05-switching", "06-tooling", "07-performance"]) {
      expect(markdown).toContain(`${notebook}.ipynb`);
    }
  });
});
