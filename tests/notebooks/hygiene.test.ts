import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { nbformatProblems } from "../support/course";
import { courseKernelName } from "../../scripts/jupyter/notebook-runner";

const notebooksDir = path.resolve(__dirname, "../../notebooks");
const notebooks = fs
  .readdirSync(notebooksDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ipynb") && !file.includes(".ipynb_checkpoints"))
  .sort();

interface StoredCell {
  cell_type: string;
  outputs?: unknown[];
  execution_count?: number | null;
}

test("the course has notebooks", () => {
  expect(notebooks.length).toBeGreaterThan(0);
});

describe.each(notebooks)("%s as committed", (file) => {
  const notebook = JSON.parse(fs.readFileSync(path.join(notebooksDir, file), "utf8"));

  test("has no outputs and no execution counts", () => {
    const dirty = (notebook.cells as StoredCell[])
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
});
