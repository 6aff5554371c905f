// The course's two editions: English in notebooks/, German in notebooks/de/. Their code is the
// same but for two things, both written by `germanCode`: the language setting, and relative paths
// one folder deeper. `codeDifferences` tells the two apart (the identity test), `withEnglishCode`
// copies the English code into the German notebook (`npm run editions:sync`).
import type * as nbformat from "@jupyterlab/nbformat";
import path from "node:path";
import type { CourseLanguage } from "../../lib/language";
import { notebooksFolder } from "./course-notebooks";
import { isSolutionCell, parseSolution, sourceOf } from "./notebook-solutions";

export type Edition = CourseLanguage;

/** English first: the edition the course is written in first. */
export const editions: readonly Edition[] = ["en", "de"];

/** The German edition's folder below notebooks/. */
export const germanSubfolder = "de";

/** The folder of an edition's notebooks. */
export function editionFolder(edition: Edition): string {
  return edition === "en" ? notebooksFolder : path.join(notebooksFolder, germanSubfolder);
}

/** A notebook's path relative to the project root, as the Jupyter server and the tests name it. */
export function notebookPathIn(edition: Edition, name: string): string {
  return edition === "en" ? `notebooks/${name}` : `notebooks/${germanSubfolder}/${name}`;
}

/** English code as the German edition has it: `setCourseLanguage("de")`, and every "../" path one "../" deeper. */
export function germanCode(englishCode: string): string {
  return englishCode.replaceAll('setCourseLanguage("en")', 'setCourseLanguage("de")').replace(/(["'`])\.\.\//g, "$1../../");
}

/** What holds code in a cell: its source for a code cell, the fenced code for a solution, nothing for prose. */
function codeOf(cell: nbformat.ICell, where: string): string | undefined {
  if (cell.cell_type === "code") return sourceOf(cell);
  return isSolutionCell(cell) ? parseSolution(sourceOf(cell), where).code : undefined;
}

/**
 * Every way the German notebook's code differs from the English one's, one line each (none when
 * the editions match): cells are compared in order, code cells and the code of solutions.
 */
export function codeDifferences(english: nbformat.INotebookContent, german: nbformat.INotebookContent, name: string): string[] {
  const kinds = (notebook: nbformat.INotebookContent) => notebook.cells.map((cell) => (isSolutionCell(cell) ? "solution" : cell.cell_type));
  if (kinds(english).join() !== kinds(german).join()) {
    return [
      `${name}: the editions' cells differ in number or kind (English: ${kinds(english).join(", ")}; German: ${kinds(german).join(", ")}); give both the same cells in the same order`,
    ];
  }
  return english.cells.flatMap((cell, index) => {
    const englishCode = codeOf(cell, `notebooks/${name}, cell ${index}`);
    if (englishCode === undefined) return [];
    const expected = germanCode(englishCode);
    const actual = codeOf(german.cells[index], `notebooks/${germanSubfolder}/${name}, cell ${index}`);
    if (actual === expected) return [];
    const line = expected.split("\n").findIndex((text, at) => text !== actual?.split("\n")[at]);
    return [
      `${name}, cell ${index}: the German code differs from the English at line ${line + 1}: expected ${JSON.stringify(expected.split("\n")[line])}, found ${JSON.stringify(actual?.split("\n")[line])}`,
    ];
  });
}

/** The German notebook with every code cell's source, and every solution's code, taken from the English one. */
export function withEnglishCode(english: nbformat.INotebookContent, german: nbformat.INotebookContent, name: string): nbformat.INotebookContent {
  const structure = codeDifferences(english, german, name).find((difference) => difference.includes("differ in number or kind"));
  if (structure !== undefined) throw new Error(structure);
  const cells = german.cells.map((cell, index): nbformat.ICell => {
    const source = english.cells[index];
    if (cell.cell_type === "code") return { ...cell, source: germanCode(sourceOf(source)), metadata: source.metadata };
    if (!isSolutionCell(cell)) return cell;
    const englishCode = parseSolution(sourceOf(source), `notebooks/${name}, cell ${index}`).code;
    const germanSolution = sourceOf(cell);
    const own = parseSolution(germanSolution, `notebooks/${germanSubfolder}/${name}, cell ${index}`).code;
    return { ...cell, source: germanSolution.replace(`\`\`\`typescript\n${own}\n\`\`\``, () => `\`\`\`typescript\n${germanCode(englishCode)}\n\`\`\``) };
  });
  return { ...german, cells };
}
