import type * as nbformat from "@jupyterlab/nbformat";
import { describe, expect, test } from "vitest";
import { parseSolution, solutionRunTag, withSolutionRuns, withoutSolutionRuns } from "../../scripts/jupyter/notebook-solutions";
import { foldSolutionsForHtml, foldedSolutionKey } from "../../scripts/export/solutions";

const solutionText = (code: string, discussion = "**Discussion.** Why it works.") =>
  `<details class="solution">\n<summary>Solution (click to show)</summary>\n\n\`\`\`typescript\n${code}\n\`\`\`\n\n${discussion}\n\n</details>`;

function notebookOf(cells: nbformat.ICell[]): nbformat.INotebookContent {
  return { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

const markdown = (source: string, tags?: string[]): nbformat.IMarkdownCell => ({
  cell_type: "markdown",
  id: `m${source.length}`,
  metadata: tags ? { tags } : {},
  source,
});

describe("parseSolution", () => {
  test("reads the summary, the code and the discussion of a folded solution", () => {
    expect(parseSolution(solutionText("const a = 1;\nconsole.log(a);"), "nb")).toEqual({
      summary: "Solution (click to show)",
      code: "const a = 1;\nconsole.log(a);",
      discussion: "**Discussion.** Why it works.",
    });
  });

  test.each([
    ["an unfolded solution", solutionText("1").replace('<details class="solution">', '<details class="solution" open>')],
    ["text before the details", `Here it is:\n\n${solutionText("1")}`],
    ["text after the details", `${solutionText("1")}\n\nMore.`],
    ["code that is not TypeScript", solutionText("1").replace("```typescript", "```python")],
  ])("refuses %s, saying what a solution cell must look like", (_, text) => {
    expect(() => parseSolution(text, "notebooks/x.ipynb, cell 4")).toThrow(
      /^notebooks\/x\.ipynb, cell 4: a solution cell must be exactly <details class="solution">/,
    );
  });

  test("refuses a solution without a discussion", () => {
    expect(() => parseSolution(solutionText("1", ""), "nb, cell 2")).toThrow("nb, cell 2: the solution has no discussion after its code.");
  });
});

describe("solution runs", () => {
  const notebook = notebookOf([markdown("**1.** Do it.", ["exercise"]), markdown(solutionText("console.log(1);"), ["solution"]), markdown("next")]);

  test("withSolutionRuns adds a code cell with the solution's code after each solution; withoutSolutionRuns takes it out again", () => {
    const withRuns = withSolutionRuns(notebook, "nb");
    expect(withRuns.cells.map((cell) => cell.cell_type)).toEqual(["markdown", "markdown", "code", "markdown"]);
    expect(withRuns.cells[2]).toMatchObject({ source: "console.log(1);", metadata: { tags: [solutionRunTag] }, outputs: [] });
    expect(withoutSolutionRuns(withRuns)).toEqual(notebook);
  });

  test("foldSolutionsForHtml makes a solution and its run one code cell with the run's outputs, the summary and the discussion", () => {
    const executed = withSolutionRuns(notebook, "nb");
    const output: nbformat.IStream = { output_type: "stream", name: "stdout", text: "1\n" };
    Object.assign(executed.cells[2], { outputs: [output], execution_count: 7 });
    const folded = foldSolutionsForHtml(executed, "nb");
    expect(folded.cells.map((cell) => cell.cell_type)).toEqual(["markdown", "code", "markdown"]);
    expect(folded.cells[1]).toMatchObject({
      source: "console.log(1);",
      outputs: [output],
      execution_count: 7,
      metadata: { tags: ["solution"], [foldedSolutionKey]: { summary: "Solution (click to show)", discussion: "**Discussion.** Why it works." } },
    });
  });

  test("foldSolutionsForHtml refuses a solution that was not run", () => {
    expect(() => foldSolutionsForHtml(notebook, "notebooks/x.ipynb")).toThrow("notebooks/x.ipynb, cell 2: a solution without its run");
  });
});
