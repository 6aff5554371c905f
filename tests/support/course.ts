import type * as nbformat from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { expect, inject } from "vitest";
import { plotlyMimeType } from "../../lib/plot";
import { rememberedJupyterPython } from "../../scripts/jupyter-env.cjs";
import { quickParameters } from "../../scripts/jupyter/course-notebooks";
import { runNotebook as runOnServer, type RunNotebookOptions } from "../../scripts/jupyter/notebook-runner";

/** Runs a notebook (path relative to the project root) on the test run's Jupyter server. */
export function runNotebook(notebookPath: string, options: RunNotebookOptions = {}): Promise<nbformat.INotebookContent> {
  return runOnServer(inject("jupyterServer"), notebookPath, options);
}

/** nbformat's own validator's complaint about a notebook, or "" when it is valid. */
export function nbformatProblems(notebook: unknown): string {
  const check = "import json, sys, nbformat\nnbformat.validate(nbformat.from_dict(json.load(sys.stdin)), version=4)";
  const result = spawnSync(rememberedJupyterPython().python, ["-c", check], { input: JSON.stringify(notebook), encoding: "utf8" });
  return result.status === 0 ? "" : result.stderr.trim().split("\n").slice(-3).join("\n");
}

function outputsOf(notebook: nbformat.INotebookContent): nbformat.IOutput[] {
  return notebook.cells.flatMap((cell) => (cell.cell_type === "code" ? (cell as nbformat.ICodeCell).outputs : []));
}

/**
 * Runs a course notebook with its quick parameters, as a learner's front end would through the
 * Jupyter server, and checks what holds for every notebook: each cell ran, the result is valid
 * nbformat, and every figure carries its plotly, HTML and text views.
 */
export async function runCourseNotebook(name: string): Promise<nbformat.INotebookContent> {
  const executed = await runNotebook(`notebooks/${name}`, { parameters: quickParameters(name) });
  const unexecuted = executed.cells.filter((cell) => cell.cell_type === "code" && typeof cell.execution_count !== "number");
  expect(unexecuted, `${name}: code cells without an execution count`).toEqual([]);
  expect(nbformatProblems(executed), `${name} after execution`).toBe("");
  const figures = outputsOf(executed).filter((output) => plotlyMimeType in ((output as nbformat.IDisplayData).data ?? {}));
  for (const figure of figures) {
    expect(Object.keys((figure as nbformat.IDisplayData).data)).toEqual(expect.arrayContaining([plotlyMimeType, "text/html", "text/plain"]));
  }
  return executed;
}
