// The one place lib/ looks at the Jupyter kernel: an optional object the kernel
// sets on globalThis while a cell runs. Everything else in lib/ asks this module,
// so lib works the same in a plain Node script (where the hook is absent). The kernel
// (kernel/display/cell-api.ts) sets the hook under this key, typed by this interface.

import type { MimeBundle } from "./plot/mime";

export const kernelHookKey = Symbol.for("ts-concurrency-course.kernel");

export interface KernelHook {
  cellSignal(): AbortSignal | undefined;
  display(bundle: MimeBundle, options?: { displayId?: string }): void;
  updateDisplay(displayId: string, bundle: MimeBundle): void;
}

export function kernelHook(): KernelHook | undefined {
  const hook = (globalThis as Record<symbol, unknown>)[kernelHookKey];
  return typeof hook === "object" && hook !== null ? (hook as KernelHook) : undefined;
}

/** The running cell's AbortSignal (aborted when the learner interrupts the cell), if any. */
export function cellSignal(): AbortSignal | undefined {
  return kernelHook()?.cellSignal();
}
