import type * as nbformat from "@jupyterlab/nbformat";
import type { KernelMessage } from "@jupyterlab/services";
import { joinedText } from "./cell-text";

/** Outputs by display id, so update_display_data can reach outputs of earlier cells (as nbclient does). */
export type DisplayIndex = Map<string, nbformat.IDisplayData[]>;

export interface OutputState {
  /** clear_output(wait=true): clear just before the next output arrives. */
  clearOnNextOutput: boolean;
}

function displayIdOf(message: KernelMessage.IIOPubMessage): string | undefined {
  const transient = (message.content as { transient?: { display_id?: unknown } }).transient;
  return typeof transient?.display_id === "string" ? transient.display_id : undefined;
}

function append(cell: nbformat.ICodeCell, output: nbformat.IOutput, state: OutputState): void {
  if (state.clearOnNextOutput) {
    cell.outputs = [];
    state.clearOnNextOutput = false;
  }
  cell.outputs.push(output);
}

/** Records one iopub message of a running cell the way a notebook front end shows it. */
export function recordOutput(cell: nbformat.ICodeCell, message: KernelMessage.IIOPubMessage, displays: DisplayIndex, state: OutputState): void {
  const content = message.content as Record<string, unknown>;
  switch (message.header.msg_type) {
    case "stream": {
      const { name, text } = content as { name: "stdout" | "stderr"; text: string };
      const last = cell.outputs.at(-1) as nbformat.IStream | undefined;
      if (!state.clearOnNextOutput && last?.output_type === "stream" && last.name === name) {
        last.text = joinedText(last.text) + text;
      } else {
        append(cell, { output_type: "stream", name, text }, state);
      }
      break;
    }
    case "display_data": {
      const output: nbformat.IDisplayData = {
        output_type: "display_data",
        data: content.data as nbformat.IMimeBundle,
        metadata: (content.metadata ?? {}) as nbformat.OutputMetadata,
      };
      append(cell, output, state);
      const id = displayIdOf(message);
      if (id !== undefined) displays.set(id, [...(displays.get(id) ?? []), output]);
      break;
    }
    case "update_display_data": {
      for (const output of displays.get(displayIdOf(message) ?? "") ?? []) {
        output.data = content.data as nbformat.IMimeBundle;
        output.metadata = (content.metadata ?? {}) as nbformat.OutputMetadata;
      }
      break;
    }
    case "execute_result":
      append(
        cell,
        {
          output_type: "execute_result",
          execution_count: content.execution_count as number,
          data: content.data as nbformat.IMimeBundle,
          metadata: (content.metadata ?? {}) as nbformat.OutputMetadata,
        },
        state,
      );
      break;
    case "error": {
      const { ename, evalue, traceback } = content as { ename: string; evalue: string; traceback: string[] };
      append(cell, { output_type: "error", ename, evalue, traceback }, state);
      break;
    }
    case "clear_output":
      if (content.wait) state.clearOnNextOutput = true;
      else cell.outputs = [];
      break;
    default:
      // status, execute_input and comm messages carry no output.
      break;
  }
}
