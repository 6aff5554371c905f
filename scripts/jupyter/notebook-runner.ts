import type * as nbformat from "@jupyterlab/nbformat";
import { ContentsManager, KernelManager, ServerConnection, SessionManager, type Kernel, type KernelMessage } from "@jupyterlab/services";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import WebSocket from "ws";
import { withTimeout } from "../../lib/internal";
import { recordOutput, type DisplayIndex } from "./notebook-outputs";
import { applyParameters, type NotebookParameters } from "./notebook-parameters";
import { solutionRunTag, sourceOf, tagsOf, withSolutionRuns } from "./notebook-solutions";

export const courseKernelName = "typescript-course";

export interface RunNotebookOptions {
  /** Values for the notebook's cell tagged `parameters`. */
  parameters?: NotebookParameters;
  kernelName?: string;
  /** A cell running longer is interrupted and the run fails. */
  cellTimeoutMs?: number;
}

export interface JupyterServerAddress {
  baseUrl: string;
  token: string;
}

/** A cell that failed, with what a reader needs to find it. */
export class NotebookCellError extends Error {
  constructor(
    readonly notebookPath: string,
    readonly cellNumber: number,
    readonly source: string,
    readonly ename: string,
    readonly evalue: string,
    readonly traceback: string[],
  ) {
    const excerpt = source
      .split("\n")
      .slice(0, 4)
      .map((line) => `    ${line}`)
      .join("\n");
    const trace = traceback.map((line) => stripVTControlCharacters(line)).join("\n");
    super(`${notebookPath}, cell ${cellNumber} failed: ${ename}: ${evalue}\n  cell source:\n${excerpt}\n  traceback:\n${trace}`);
    this.name = "NotebookCellError";
  }
}

export function connectionSettings(server: JupyterServerAddress): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl: server.baseUrl,
    wsUrl: server.baseUrl.replace(/^http/, "ws"),
    token: server.token,
    appendToken: true,
    // Node 20 has no global WebSocket; `ws` has the browser's interface.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
}

async function executeCell(kernel: Kernel.IKernelConnection, cell: nbformat.ICodeCell, displays: DisplayIndex): Promise<KernelMessage.IExecuteReplyMsg> {
  cell.outputs = [];
  const state = { clearOnNextOutput: false };
  const future = kernel.requestExecute({ code: sourceOf(cell), stop_on_error: true, allow_stdin: false, store_history: true });
  future.onIOPub = (message) => recordOutput(cell, message, displays, state);
  return future.done;
}

/** Cell numbers as the committed notebook counts them: a solution's run counts as its solution cell. */
function committedCellNumbers(notebook: nbformat.INotebookContent): number[] {
  let number = 0;
  return notebook.cells.map((cell) => (tagsOf(cell).includes(solutionRunTag) ? number : (number += 1)));
}

/**
 * Executes every code cell of a notebook, in order, in a fresh session of the given kernel on a
 * running Jupyter server, and returns the executed notebook (nbformat 4) with outputs and execution
 * counts. Each exercise solution (a folded markdown cell, see notebook-solutions.ts) runs as a code
 * cell tagged solution-run inserted after it. A failing cell ends the run with a NotebookCellError
 * naming the committed notebook's cell number; the session is always shut down.
 */
export async function runNotebook(server: JupyterServerAddress, notebookPath: string, options: RunNotebookOptions = {}): Promise<nbformat.INotebookContent> {
  const serverSettings = connectionSettings(server);
  const contents = new ContentsManager({ serverSettings });
  const kernels = new KernelManager({ serverSettings });
  const sessions = new SessionManager({ serverSettings, kernelManager: kernels });
  const model = await contents.get(notebookPath, { content: true, type: "notebook" });
  const parameterized = applyParameters(structuredClone(model.content) as nbformat.INotebookContent, options.parameters ?? {}, notebookPath);
  const notebook = withSolutionRuns(parameterized, notebookPath);
  const cellNumbers = committedCellNumbers(notebook);
  const session = await sessions.startNew({
    path: notebookPath,
    type: "notebook",
    name: path.basename(notebookPath),
    kernel: { name: options.kernelName ?? courseKernelName },
  });
  try {
    const kernel = session.kernel;
    if (!kernel) throw new Error(`Jupyter started no kernel for ${notebookPath}.`);
    const info = await kernel.info;
    notebook.metadata.language_info = info.language_info;
    const displays: DisplayIndex = new Map();
    const cellTimeoutMs = options.cellTimeoutMs ?? 300_000;
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const codeCell = cell as nbformat.ICodeCell;
      const reply = await withTimeout(executeCell(kernel, codeCell, displays), cellTimeoutMs, () => {
        void kernel.interrupt();
        return new Error(`${notebookPath}, cell ${cellNumbers[index]} did not finish within ${cellTimeoutMs / 1000} s; it was interrupted.`);
      });
      codeCell.execution_count = reply.content.execution_count;
      if (reply.content.status === "error") {
        // Kernels that skip the reply's error fields still leave the error output.
        const shown = codeCell.outputs.find((output) => output.output_type === "error") as nbformat.IError | undefined;
        const { ename = shown?.ename ?? "Error", evalue = shown?.evalue ?? "", traceback = shown?.traceback ?? [] } = reply.content;
        throw new NotebookCellError(notebookPath, cellNumbers[index], sourceOf(cell), ename, evalue, traceback);
      }
      if (reply.content.status !== "ok") {
        throw new NotebookCellError(notebookPath, cellNumbers[index], sourceOf(cell), "Aborted", `the kernel replied "${reply.content.status}"`, []);
      }
    }
    return notebook;
  } finally {
    await session.shutdown().catch(() => undefined);
    session.dispose();
    sessions.dispose();
    kernels.dispose();
  }
}
