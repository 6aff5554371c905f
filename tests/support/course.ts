import type * as nbformat from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { inject } from "vitest";
import { rememberedJupyterPython } from "../../scripts/jupyter-env.cjs";
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
