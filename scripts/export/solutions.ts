// The HTML export shows each exercise solution folded, like the notebook does, but with what the
// solution printed on this run: its folded markdown cell and the run the notebook runner added
// become one code cell tagged `solution`, which the template (scripts/export/template) wraps in a
// closed <details> with the summary, the code, its outputs and the discussion.
// (nbconvert's markdown renderer would show a ``` block inside <details> as raw text.)
import type * as nbformat from "@jupyterlab/nbformat";
import { isSolutionCell, parseSolution, solutionRunTag, solutionTag, sourceOf, tagsOf } from "../jupyter/notebook-solutions";

/** What the template reads from a folded solution cell's metadata. */
export interface FoldedSolutionMetadata {
  summary: string;
  discussion: string;
}

export const foldedSolutionKey = "course_solution";

/** An executed notebook (with solution runs) as the HTML page shows it: each solution and its run as one folded cell. */
export function foldSolutionsForHtml(executed: nbformat.INotebookContent, notebookPath: string): nbformat.INotebookContent {
  const cells: nbformat.ICell[] = [];
  executed.cells.forEach((cell, index) => {
    if (tagsOf(cell).includes(solutionRunTag)) return;
    if (!isSolutionCell(cell)) {
      cells.push(cell);
      return;
    }
    const run = executed.cells[index + 1];
    if (run === undefined || run.cell_type !== "code" || !tagsOf(run).includes(solutionRunTag)) {
      throw new Error(`${notebookPath}, cell ${index + 1}: a solution without its run; export notebooks executed by runNotebook.`);
    }
    const { summary, code, discussion } = parseSolution(sourceOf(cell), `${notebookPath}, cell ${index + 1}`);
    const folded: nbformat.ICodeCell = {
      cell_type: "code",
      id: typeof cell.id === "string" ? cell.id : String(index),
      metadata: { tags: [solutionTag], [foldedSolutionKey]: { summary, discussion } satisfies FoldedSolutionMetadata },
      execution_count: (run as nbformat.ICodeCell).execution_count,
      outputs: (run as nbformat.ICodeCell).outputs,
      source: code,
    };
    cells.push(folded);
  });
  return { ...executed, cells };
}
