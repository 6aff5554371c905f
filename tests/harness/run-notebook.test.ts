import type * as nbformat from "@jupyterlab/nbformat";
import { describe, expect, test } from "vitest";
import { nbformatProblems, runNotebook } from "../support/course";
import { joinedText } from "../../scripts/jupyter/cell-text";
import { NotebookCellError } from "../../scripts/jupyter/notebook-runner";

function codeCells(notebook: nbformat.INotebookContent): nbformat.ICodeCell[] {
  return notebook.cells.filter((cell): cell is nbformat.ICodeCell => cell.cell_type === "code");
}

function textOf(output: nbformat.IOutput): string {
  if (output.output_type === "stream") return joinedText((output as nbformat.IStream).text);
  const data = (output as nbformat.IExecuteResult).data ?? {};
  return joinedText((data["text/plain"] ?? "") as nbformat.MultilineString);
}

describe("runNotebook", () => {
  test("executes every code cell in order and records outputs with execution counts", async () => {
    const notebook = await runNotebook("tests/harness/fixtures/parameters.ipynb");
    const [parameters, printing, mixed] = codeCells(notebook);
    expect([parameters, printing, mixed].map((cell) => cell.execution_count)).toEqual([1, 2, 3]);
    expect(printing.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "size=1000 label=default\n" }]);
    expect(mixed.outputs.map((output) => output.output_type)).toEqual(["stream", "execute_result"]);
    expect(mixed.outputs.map(textOf)).toEqual(["a warning\n", "2000"]);
    expect(nbformatProblems(notebook)).toBe("");
  });

  test("replaces the values of the cell tagged parameters", async () => {
    const notebook = await runNotebook("tests/harness/fixtures/parameters.ipynb", {
      parameters: { size: 3, label: "quick" },
    });
    const [, printing, mixed] = codeCells(notebook);
    expect(textOf(printing.outputs[0])).toBe("size=3 label=quick\n");
    expect(mixed.outputs.map(textOf)).toContain("6");
  });

  test("rejects a parameter the notebook does not declare, naming what it declares", async () => {
    await expect(runNotebook("tests/harness/fixtures/parameters.ipynb", { parameters: { workers: 2 } })).rejects.toThrow(
      /declares no workers\. Declared there: size, label/,
    );
  });

  test("a failing cell fails the run with the notebook, the cell number and the error", async () => {
    const failure = await runNotebook("tests/harness/fixtures/failing.ipynb").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotebookCellError);
    const error = failure as NotebookCellError;
    expect(error.cellNumber).toBe(2);
    expect(error.message).toContain("tests/harness/fixtures/failing.ipynb, cell 2 failed: RangeError: the workload size must be positive");
    expect(error.message).toContain("// this cell fails");
  });
});

describe("runNotebook and exercise solutions", () => {
  test("runs each folded solution's code as a cell tagged solution-run, right after it", async () => {
    const notebook = await runNotebook("tests/harness/fixtures/solution.ipynb");
    const kinds = notebook.cells.map((cell) => `${cell.cell_type}${Array.isArray(cell.metadata.tags) ? `:${cell.metadata.tags.join(",")}` : ""}`);
    expect(kinds).toEqual(["code", "markdown:exercise", "markdown:solution", "code:solution-run", "code"]);
    const [, run, after] = codeCells(notebook);
    expect(run.outputs.map(textOf)).toEqual(["twice: 42\n"]);
    expect(after.outputs.map(textOf)).toEqual(["after the solution\n"]);
    expect(nbformatProblems(notebook)).toBe("");
  });

  test("a failing solution names the solution's cell number in the committed notebook", async () => {
    const failure = (await runNotebook("tests/harness/fixtures/failing-solution.ipynb").catch((error: unknown) => error)) as NotebookCellError;
    expect(failure).toBeInstanceOf(NotebookCellError);
    expect(failure.cellNumber).toBe(3);
    expect(failure.message).toContain("failing-solution.ipynb, cell 3 failed: RangeError: the solution fails");
  });
});
