import type * as nbformat from "@jupyterlab/nbformat";
import { describe, expect, test } from "vitest";
import { courseNotebooks, quickParameters } from "../../scripts/jupyter/course-notebooks";
import { plotlyMimeType } from "../../lib/plot";
import { nbformatProblems, runNotebook } from "../support/course";

function outputsOf(notebook: nbformat.INotebookContent): nbformat.IOutput[] {
  return notebook.cells.flatMap((cell) => (cell.cell_type === "code" ? (cell as nbformat.ICodeCell).outputs : []));
}

// Each notebook runs top to bottom with its small test workloads through the course kernel,
// on the same Jupyter server a learner's front end would use.
describe.each(courseNotebooks())("%s", (name) => {
  test("executes every cell without error, with the quick parameters; every figure carries all three views", async () => {
    const executed = await runNotebook(`notebooks/${name}`, { parameters: quickParameters(name) });
    const codeCells = executed.cells.filter((cell) => cell.cell_type === "code");
    expect(codeCells.every((cell) => typeof cell.execution_count === "number")).toBe(true);
    expect(nbformatProblems(executed)).toBe("");
    const figures = outputsOf(executed).filter((output) => plotlyMimeType in ((output as nbformat.IDisplayData).data ?? {}));
    for (const figure of figures) {
      expect(Object.keys((figure as nbformat.IDisplayData).data)).toEqual(expect.arrayContaining([plotlyMimeType, "text/html", "text/plain"]));
    }
  });
});
