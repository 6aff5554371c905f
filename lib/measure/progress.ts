import { kernelHook } from "../kernel-hook";

/** How far a long measurement has got: `done` of `total` steps, and what it is doing now. */
export interface Progress {
  label: string;
  done: number;
  total: number;
}

/** What every long measurement's `onProgress` option takes; createProgressReporter makes one. */
export type ProgressCallback = (progress: Progress) => void;

let nextDisplay = 1;

export interface ProgressReporterOptions {
  /** Where the terminal bar goes when not in the kernel (default: process.stderr). */
  stream?: { write(text: string): unknown };
  /** Bar width in characters (terminal). */
  width?: number;
}

/**
 * A ProgressCallback that shows progress live: in the course kernel an HTML progress bar in the
 * cell's output, updated in place; elsewhere a text bar on `stream` (default stderr). Use a new
 * one per measurement: each draws its own bar.
 *
 * Python: `tqdm.auto.tqdm`, a notebook widget or a terminal bar.
 *
 * @example
 * const records = await measureThroughput({ kinds: ["threads"], workers: [1, 2], workload, onProgress: createProgressReporter() });
 */
export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressCallback {
  const hook = kernelHook();
  if (hook !== undefined) {
    const displayId = `ts-concurrency-progress-${process.pid}-${nextDisplay++}`;
    let shown = false;
    return (progress) => {
      const bundle = progressBundle(progress);
      if (shown) hook.updateDisplay(displayId, bundle);
      else hook.display(bundle, { displayId });
      shown = true;
    };
  }
  const stream = options.stream ?? process.stderr;
  const width = options.width ?? 30;
  return (progress) => {
    stream.write(`\r${terminalBar(progress, width)}${progress.done >= progress.total ? "\n" : ""}`);
  };
}

function fractionOf(progress: Progress): number {
  return progress.total <= 0 ? 1 : Math.min(1, Math.max(0, progress.done / progress.total));
}

function terminalBar(progress: Progress, width = 30): string {
  const filled = Math.round(fractionOf(progress) * width);
  return `${progress.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${progress.done}/${progress.total}`;
}

function progressBundle(progress: Progress): Record<string, string> {
  const label = escapeHtml(progress.label);
  return {
    "text/plain": terminalBar(progress),
    "text/html": `<div><progress value="${progress.done}" max="${progress.total}" style="width: 20em"></progress> ${label}: ${progress.done}/${progress.total}</div>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
