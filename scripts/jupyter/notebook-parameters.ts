import type * as nbformat from "@jupyterlab/nbformat";
import { joinedText } from "./cell-text";

/**
 * Papermill's convention in TypeScript: the cell tagged `parameters` declares the workload sizes,
 * one `const name = value;` per line, and a test replaces values there so the notebook runs small
 * workloads through the same code. Values are written as JSON literals.
 */
export type NotebookParameters = Record<string, unknown>;

const declaration = /^(\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*)(.*?)(\s*;?\s*(?:\/\/.*)?)$/;

function isParametersCell(cell: nbformat.ICell): boolean {
  const tags = cell.metadata?.tags;
  return cell.cell_type === "code" && Array.isArray(tags) && tags.includes("parameters");
}

/** The notebook with the parameters cell's values replaced; fails on a name the cell does not declare. */
export function applyParameters(notebook: nbformat.INotebookContent, parameters: NotebookParameters, notebookPath: string): nbformat.INotebookContent {
  const names = Object.keys(parameters);
  if (names.length === 0) return notebook;
  const index = notebook.cells.findIndex(isParametersCell);
  if (index < 0) {
    throw new Error(
      `${notebookPath} has no code cell tagged "parameters", so it cannot take parameters (${names.join(", ")}). Tag the cell that declares its workload sizes.`,
    );
  }
  const unused = new Set(names);
  const lines = joinedText(notebook.cells[index].source)
    .split("\n")
    .map((line) => {
      const match = declaration.exec(line);
      if (!match || !(match[2] in parameters)) return line;
      unused.delete(match[2]);
      return `${match[1]}${JSON.stringify(parameters[match[2]])}${match[4]}`;
    });
  if (unused.size > 0) {
    throw new Error(
      `${notebookPath}: its parameters cell declares no ${[...unused].join(", ")}. Declared there: ${declaredNames(notebook.cells[index]).join(", ") || "nothing"}.`,
    );
  }
  const cells = notebook.cells.slice();
  cells[index] = { ...cells[index], source: lines.join("\n") };
  return { ...notebook, cells };
}

function declaredNames(cell: nbformat.ICell): string[] {
  return joinedText(cell.source)
    .split("\n")
    .map((line) => declaration.exec(line)?.[2])
    .filter((name): name is string => name !== undefined);
}
