// Parent side: after a worker died on its own (not stopped by the pool), which of its
// inputs is to blame. Sources, best first: the worker's last words (it exited through
// process.exit or an uncaught error), its progress slot (threads: shared memory outlives
// the thread), the input its sidecar reported as long-running (processes killed from outside).
import { culpritOf, type ProgressSnapshot, type RunningInput } from "../protocol/progress-slot";
import type { LastWords } from "../protocol/messages";

export interface DeathInfo {
  lastWords?: LastWords;
  /** Threads: the progress slot, read after the thread ended. */
  progress?: ProgressSnapshot;
  /** Processes: the input last reported as long-running that the child had not left. */
  longRunning?: RunningInput;
}

export type Blame =
  | { kind: "input"; job: number; index: number }
  /** It died between inputs (killed from outside, say): everything it held can run again. */
  | { kind: "nobody" }
  /** Several inputs could have done it: each runs again alone, so a second death names one. */
  | { kind: "unknown" };

export function blameOf(info: DeathInfo): Blame {
  const { lastWords, progress, longRunning } = info;
  if (lastWords !== undefined) {
    if (lastWords.culprit !== undefined) return { kind: "input", job: lastWords.culprit[0], index: lastWords.culprit[1] };
    return lastWords.waiting > 1 ? { kind: "unknown" } : { kind: "nobody" };
  }
  if (progress !== undefined) {
    const culprit = culpritOf(progress);
    if (culprit !== undefined) return { kind: "input", ...culprit };
    return progress.asyncPending > 1 ? { kind: "unknown" } : { kind: "nobody" };
  }
  if (longRunning !== undefined) return { kind: "input", ...longRunning };
  return { kind: "unknown" };
}
