import { kernelHookKey, type KernelHook } from "../../lib/kernel-hook";
import type { MimeBundle } from "../../lib/plot/mime";
import { displayBundleOf } from "./mime-bundle";
import type { CellOutput } from "./cell-output";

/** What the cell-facing functions act on: the output and signal of the cell that runs (or ran last). */
export interface CellApiTarget {
  output: CellOutput;
  signal: AbortSignal;
  input(prompt: string): Promise<string>;
}

/**
 * Puts display, updateDisplay, clearOutput, input and cellSignal on globalThis (declared for the
 * cell compiler in engine/cell-globals.ts). They act on the latest cell, so a timer started by a
 * cell still displays into that cell's output, as in IPython.
 */
export function installCellApi(current: () => CellApiTarget): void {
  const api = {
    display(value: unknown, options?: { displayId?: string }): void {
      current().output.display(displayBundleOf(value), options?.displayId);
    },
    updateDisplay(displayId: string, value: unknown): void {
      current().output.updateDisplay(displayId, displayBundleOf(value));
    },
    clearOutput(options?: { wait?: boolean }): void {
      current().output.clear(options?.wait ?? false);
    },
    input(prompt?: string): Promise<string> {
      return current().input(prompt ?? "");
    },
    cellSignal(): AbortSignal {
      return current().signal;
    },
  };
  Object.assign(globalThis, api);
}

/** The hook lib/ reads (lib/kernel-hook.ts), present only while a cell runs. */
export function setKernelHook(target: CellApiTarget | undefined): void {
  const slot = globalThis as Record<symbol, unknown>;
  if (target === undefined) {
    delete slot[kernelHookKey];
    return;
  }
  const hook: KernelHook = {
    cellSignal: (): AbortSignal => target.signal,
    display: (bundle: MimeBundle, options?: { displayId?: string }): void => target.output.display(displayBundleOf(bundle), options?.displayId),
    updateDisplay: (displayId: string, bundle: MimeBundle): void => target.output.updateDisplay(displayId, displayBundleOf(bundle)),
  };
  slot[kernelHookKey] = hook;
}
