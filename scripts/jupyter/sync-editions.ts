// `npm run editions:sync`: after changing a code cell of an English notebook, copies the code of
// every English notebook into its German edition (notebooks/de/), leaving the German prose as it is.
// Refuses a pair whose cells differ in number or kind: add or remove the German cells first.
import type * as nbformat from "@jupyterlab/nbformat";
import fs from "node:fs";
import path from "node:path";
import { courseNotebooks } from "./course-notebooks";
import { codeDifferences, editionFolder, withEnglishCode } from "./editions";

/** Jupyter stores a cell's source as its lines, each with its line break but the last. */
function stored(notebook: nbformat.INotebookContent): nbformat.INotebookContent {
  const asLines = (source: nbformat.MultilineString) => (Array.isArray(source) ? source : source.split(/(?<=\n)/));
  return { ...notebook, cells: notebook.cells.map((cell) => ({ ...cell, source: asLines(cell.source) })) };
}

function read(file: string): nbformat.INotebookContent {
  return JSON.parse(fs.readFileSync(file, "utf8")) as nbformat.INotebookContent;
}

function main(): void {
  let changed = 0;
  for (const name of courseNotebooks()) {
    const germanFile = path.join(editionFolder("de"), name);
    if (!fs.existsSync(germanFile)) {
      console.log(`${name}: no German edition yet (${path.relative(process.cwd(), germanFile)}); translate a copy of the English notebook first`);
      process.exitCode = 1;
      continue;
    }
    const english = read(path.join(editionFolder("en"), name));
    const german = read(germanFile);
    if (codeDifferences(english, german, name).length === 0) continue;
    fs.writeFileSync(germanFile, `${JSON.stringify(stored(withEnglishCode(english, german, name)), null, 1)}\n`);
    console.log(`${name}: German code updated`);
    changed += 1;
  }
  console.log(changed === 0 ? "The German edition's code matches the English." : `Updated ${changed} German notebook${changed === 1 ? "" : "s"}.`);
}

try {
  main();
} catch (error) {
  console.error(`editions:sync failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
