// Exercise solutions live in markdown cells tagged `solution`, as one collapsed <details> element
// holding the code (a ```typescript block) and a short discussion. Every front end the course
// supports shows them folded until the learner opens them: classic Notebook 6 and JupyterLab 4
// render <details> in markdown, and the HTML export folds them the same way (scripts/export).
// A code cell would not do: classic Notebook shows every code cell's source.
// The notebook runner runs each solution's code as a cell of its own right after it, so tests
// check what the solutions print, with exactly the code the learner reads.
import type * as nbformat from "@jupyterlab/nbformat";
import { joinedText } from "./cell-text";

export const solutionTag = "solution";
/** The code cell the runner inserts after a solution, holding its code and outputs. */
export const solutionRunTag = "solution-run";
export const exerciseTag = "exercise";

export interface Solution {
  /** The text of the <summary>, what the folded solution shows. */
  summary: string;
  code: string;
  /** Markdown after the code. */
  discussion: string;
}

const solutionPattern = /^<details class="solution">\n<summary>([^<>\n]+)<\/summary>\n\n```typescript\n([\s\S]*?)\n```\n\n([\s\S]*?)\n*<\/details>$/;

export function sourceOf(cell: nbformat.ICell): string {
  return joinedText(cell.source);
}

export function tagsOf(cell: nbformat.ICell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string") : [];
}

export function isSolutionCell(cell: nbformat.ICell): boolean {
  return cell.cell_type === "markdown" && tagsOf(cell).includes(solutionTag);
}

/**
 * The parts of a solution cell. Throws, saying what the cell must look like, when it is not
 * exactly one closed <details class="solution"> with a summary, one ```typescript block and a discussion.
 */
export function parseSolution(markdown: string, where: string): Solution {
  const match = solutionPattern.exec(markdown.trim());
  if (match === null) {
    throw new Error(
      `${where}: a solution cell must be exactly <details class="solution">, a <summary>, a blank line, one \`\`\`typescript block, ` +
        "a blank line, the discussion and </details>, with nothing outside (so it stays folded in every front end).",
    );
  }
  const [, summary, code, discussion] = match;
  if (discussion.trim() === "") throw new Error(`${where}: the solution has no discussion after its code.`);
  return { summary: summary.trim(), code, discussion: discussion.trim() };
}

/**
 * The notebook with a code cell (tagged solution-run) after every solution cell, holding that
 * solution's code, so running the notebook runs the solutions too.
 */
export function withSolutionRuns(notebook: nbformat.INotebookContent, notebookPath: string): nbformat.INotebookContent {
  const cells: nbformat.ICell[] = [];
  for (const [index, cell] of notebook.cells.entries()) {
    cells.push(cell);
    if (!isSolutionCell(cell)) continue;
    const { code } = parseSolution(sourceOf(cell), `${notebookPath}, cell ${index + 1}`);
    const run: nbformat.ICodeCell = {
      cell_type: "code",
      id: `${typeof cell.id === "string" ? cell.id : index}-run`,
      metadata: { tags: [solutionRunTag] },
      execution_count: null,
      outputs: [],
      source: code,
    };
    cells.push(run);
  }
  return { ...notebook, cells };
}

/** The notebook without the cells withSolutionRuns added: what a learner may open, solutions folded. */
export function withoutSolutionRuns(notebook: nbformat.INotebookContent): nbformat.INotebookContent {
  return { ...notebook, cells: notebook.cells.filter((cell) => !tagsOf(cell).includes(solutionRunTag)) };
}
