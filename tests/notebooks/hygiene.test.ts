import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { nbformatProblems } from "../support/course";
import { courseKernelName } from "../../scripts/jupyter/notebook-runner";
import { exerciseTag, parseSolution, solutionRunTag, solutionTag } from "../../scripts/jupyter/notebook-solutions";

const notebooksDir = path.resolve(__dirname, "../../notebooks");
const notebooks = fs
  .readdirSync(notebooksDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ipynb") && !file.includes(".ipynb_checkpoints"))
  .sort();

interface StoredCell {
  cell_type: string;
  source: string[] | string;
  metadata: { tags?: string[]; jupyter?: { source_hidden?: boolean } };
  outputs?: unknown[];
  execution_count?: number | null;
}

const textOf = (cell: StoredCell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const tagged = (cell: StoredCell, tag: string) => (cell.metadata.tags ?? []).includes(tag);

test("the course has notebooks", () => {
  expect(notebooks.length).toBeGreaterThan(0);
});

describe.each(notebooks)("%s as committed", (file) => {
  const notebook = JSON.parse(fs.readFileSync(path.join(notebooksDir, file), "utf8")) as { cells: StoredCell[]; metadata: { kernelspec: { name: string } } };

  test("has no outputs and no execution counts", () => {
    const dirty = notebook.cells
      .map((cell, index) => ({ cell, number: index + 1 }))
      .filter(({ cell }) => cell.cell_type === "code" && ((cell.outputs?.length ?? 0) > 0 || cell.execution_count != null))
      .map(({ number }) => number);
    expect(dirty, "cells with outputs or counts: clear them before committing").toEqual([]);
  });

  test("uses the course kernel", () => {
    expect(notebook.metadata.kernelspec.name).toBe(courseKernelName);
  });

  test("is valid nbformat 4", () => {
    expect(nbformatProblems(notebook)).toBe("");
  });

  test("shows no exercise solution until the learner opens it, in any front end", () => {
    const cells = notebook.cells;
    // Classic Notebook shows every code cell's source, whatever its metadata says: a solution is
    // never a code cell, only a folded markdown cell.
    const codeSolutions = cells.filter(
      (cell) => cell.cell_type === "code" && (tagged(cell, solutionTag) || tagged(cell, solutionRunTag) || cell.metadata.jupyter?.source_hidden),
    );
    expect(codeSolutions.map(textOf), "code cells that hold solutions").toEqual([]);
    const exercises = cells.flatMap((cell, index) => (tagged(cell, exerciseTag) ? [index] : []));
    const solutions = cells.flatMap((cell, index) => (tagged(cell, solutionTag) ? [index] : []));
    expect(exercises.length, "exercises").toBeGreaterThan(0);
    expect(solutions, "each exercise is followed by its solution").toEqual(exercises.map((index) => index + 1));
    for (const index of solutions) {
      const cell = cells[index];
      expect(cell.cell_type).toBe("markdown");
      // parseSolution accepts only one closed <details> with nothing outside it; "open" would unfold it.
      const { summary, code } = parseSolution(textOf(cell), `${file}, cell ${index + 1}`);
      expect(textOf(cell)).not.toMatch(/<details[^>]*\bopen\b/);
      // The German edition's summary says the same in German.
      expect(summary).toMatch(file.startsWith("de/") ? /zum Anzeigen klicken/ : /click to show/);
      const elsewhere = cells.filter((other, otherIndex) => otherIndex !== index && textOf(other).includes(code));
      expect(elsewhere.length, `the code of the solution in cell ${index + 1} appears in another cell`).toBe(0);
    }
  });
});
