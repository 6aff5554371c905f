import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildRoot } from "../runners/build-paths";
import { ensureLibBuilt } from "../runners/fresh-build";
import type { ProgressCallback } from "./progress";
import { measureWords } from "./words";

/** One probeCeiling result: what `processes` spinning together reach. Speed-up charts take these as `ceiling`. */
export interface CeilingRecord {
  processes: number;
  /** Summed spin rate relative to one process alone. */
  speedup: number;
  /** Loop iterations per second, summed over the processes. */
  iterationsPerSecond: number;
}

const spinChild = path.join(buildRoot, "lib/measure/spin-child.js");

/**
 * The hardware ceiling: for each count in `processes` (default [1, 2, 4]), that many independent
 * processes spin a loop at once for `durationMs` (default 500), and their summed rate over one
 * process's rate is the best speed-up this machine can give. Turbo, shared caches, hyper-threads
 * and other load make it rarely exactly N: the line a measured speed-up is fairly compared with.
 *
 * @example
 * const ceiling = await probeCeiling({ processes: [1, 2, 4] });
 * plotSpeedupVsWorkers(records, { ceiling });
 */
export async function probeCeiling(options: { processes?: number[]; durationMs?: number; onProgress?: ProgressCallback } = {}): Promise<CeilingRecord[]> {
  ensureLibBuilt();
  const counts = options.processes ?? [1, 2, 4];
  const durationMs = options.durationMs ?? 500;
  const rates: Array<{ processes: number; rate: number }> = [];
  const all = counts.includes(1) ? counts : [1, ...counts];
  for (const [index, processes] of all.entries()) {
    rates.push({ processes, rate: await spinTogether(processes, durationMs) });
    options.onProgress?.({ label: measureWords().ceilingProbe, done: index + 1, total: all.length });
  }
  const single = rates.find((entry) => entry.processes === 1)?.rate ?? 1;
  return rates
    .filter((entry) => counts.includes(entry.processes))
    .map(({ processes, rate }) => ({ processes, speedup: rate / single, iterationsPerSecond: rate }));
}

/** Starts n spinners, waits until all are ready, starts them together; returns iterations per second summed. */
async function spinTogether(processes: number, durationMs: number): Promise<number> {
  const children: ChildProcess[] = Array.from({ length: processes }, () =>
    fork(spinChild, [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  try {
    await Promise.all(children.map((child) => nextMessage(child)));
    const results = children.map((child) => nextMessage(child) as Promise<{ iterations: number }>);
    for (const child of children) child.send({ durationMs });
    const counts = await Promise.all(results);
    return counts.reduce((sum, { iterations }) => sum + iterations, 0) / (durationMs / 1000);
  } finally {
    await Promise.all(children.map((child) => stop(child)));
  }
}

function nextMessage(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`ceiling probe child exited early (code ${code})`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill();
  });
}
