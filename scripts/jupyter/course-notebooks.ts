import type * as nbformat from "@jupyterlab/nbformat";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../lib/project/build.cjs";
import { joinedText } from "./cell-text";
import type { NotebookParameters } from "./notebook-parameters";

export const notebooksFolder = path.join(projectRoot, "notebooks");
const quickParametersFile = path.join(notebooksFolder, "quick-parameters.json");

/** The course's notebooks in course order (their names start with the number of their place). */
export function courseNotebooks(): string[] {
  return fs
    .readdirSync(notebooksFolder)
    .filter((file) => file.endsWith(".ipynb"))
    .sort();
}

/**
 * Small workloads per notebook, shared by the notebook tests and `npm run export -- --quick`,
 * so both run the same code path in seconds.
 */
export function quickParameters(notebook: string): NotebookParameters {
  if (!fs.existsSync(quickParametersFile)) return {};
  const all = JSON.parse(fs.readFileSync(quickParametersFile, "utf8")) as Record<string, NotebookParameters>;
  return all[notebook] ?? {};
}

function markdownOf(notebook: nbformat.INotebookContent): string[] {
  return notebook.cells.filter((cell) => cell.cell_type === "markdown").map((cell) => joinedText(cell.source));
}

/** The notebook's first-level heading and the first sentence after it, for tables of contents. */
export function titleAndSummary(notebook: nbformat.INotebookContent, fallbackTitle: string): { title: string; summary: string } {
  const text = markdownOf(notebook).join("\n\n");
  const title = /^#\s+(.+)$/m.exec(text)?.[1].trim() ?? fallbackTitle;
  const firstParagraph = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .find((paragraph) => paragraph.length > 0 && !paragraph.startsWith("#"));
  const plain = (firstParagraph ?? "")
    .replace(/[*_`]/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ");
  const summary = /^.*?[.!?](?=\s|$)/.exec(plain)?.[0] ?? plain;
  return { title, summary };
}
