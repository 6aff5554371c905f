// The two editions cannot drift: every English notebook has a German one whose code is the same,
// cell by cell, but for the language setting and the one folder deeper (scripts/jupyter/editions.ts).
import type * as nbformat from "@jupyterlab/nbformat";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { courseNotebooks } from "../../scripts/jupyter/course-notebooks";
import { codeDifferences, editionFolder } from "../../scripts/jupyter/editions";
import { sourceOf } from "../../scripts/jupyter/notebook-solutions";

const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as nbformat.INotebookContent;

describe.each(courseNotebooks())("%s in both editions", (name) => {
  const englishFile = path.join(editionFolder("en"), name);
  const germanFile = path.join(editionFolder("de"), name);

  test("has a German edition in notebooks/de/", () => {
    expect(fs.existsSync(germanFile), `${germanFile} is missing: translate a copy of the English notebook`).toBe(true);
  });

  test("the German code is the English code, cell by cell, but for the language setting and paths (npm run editions:sync copies it)", () => {
    expect(codeDifferences(read(englishFile), read(germanFile), name)).toEqual([]);
  });

  test("sets lib's language in the first code cell that imports lib: English here, German there", () => {
    const firstImport = (notebook: nbformat.INotebookContent) =>
      notebook.cells
        .filter((cell) => cell.cell_type === "code")
        .map(sourceOf)
        .find((source) => /from "(\.\.\/)+lib"/.test(source)) ?? "";
    expect(firstImport(read(englishFile))).toContain('setCourseLanguage("en");');
    expect(firstImport(read(germanFile))).toContain('setCourseLanguage("de");');
  });

  test("the German prose is German: no markdown cell is left as the English one", () => {
    const english = read(englishFile).cells;
    const untranslated = read(germanFile).cells.flatMap((cell, index) =>
      cell.cell_type === "markdown" && sourceOf(cell) === sourceOf(english[index]) && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/.test(sourceOf(cell)) ? [index] : [],
    );
    expect(untranslated, "markdown cells identical to the English").toEqual([]);
  });
});
