// Parent side of one worker thread. The thread's progress slot lives in memory both
// sides see, so the parent itself times out jobs by their running time and, after the
// thread died, reads which input it was running.
import { Worker, type TransferListItem } from "node:worker_threads";
import { serializeError } from "../errors";
import { threadWorkerEntry } from "../build-paths";
import { createProgressBuffer, nowMs, readProgress } from "../protocol/progress-slot";
import type { LastWords, ThreadWorkerData, WorkerConfig, WorkerMessage } from "../protocol/messages";
import type { SpawnTransport } from "./worker-transport";

/** How often deadlines are looked at while jobs with a limit run (a new job may bring an earlier one). */
const deadlineCheckMs = 10;

export function threadSpawner(config: Omit<WorkerConfig, "workerId">): (workerId: number) => SpawnTransport {
  return (workerId) => (events) => {
    const progress = createProgressBuffer();
    const worker = new Worker(threadWorkerEntry, {
      workerData: { ...config, workerId, progress } satisfies ThreadWorkerData,
      execArgv: ["--enable-source-maps"],
    });
    let startupError: Error | undefined;
    let lastWords: LastWords | undefined;
    let deadlineTimer: NodeJS.Timeout | undefined;
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "last-words") lastWords = message;
      else events.onMessage(message);
    });
    // Only errors the worker could not report itself (e.g. its entry failed to load) arrive here.
    worker.on("error", (error) => (startupError = error));
    worker.on("exit", (code) => {
      clearTimeout(deadlineTimer);
      events.onExit({ code, uncaught: startupError && serializeError(startupError) }, { lastWords, progress: readProgress(progress) });
    });
    const checkDeadline = (): void => {
      const deadline = readProgress(progress).deadline;
      const now = nowMs();
      if (deadline !== undefined && now >= deadline.at) {
        deadlineTimer = undefined;
        events.onTimedOut(deadline.job, deadline.index);
        return;
      }
      deadlineTimer = setTimeout(checkDeadline, deadline === undefined ? deadlineCheckMs : Math.min(deadlineCheckMs, deadline.at - now));
      deadlineTimer.unref();
    };
    return {
      id: worker.threadId,
      send: (message, transferList?: readonly TransferListItem[]) => worker.postMessage(message, transferList),
      close: () => void worker.terminate(),
      kill: () => void worker.terminate(),
      setKeepsParentAlive: (keep) => (keep ? worker.ref() : worker.unref()),
      watchDeadlines: (on) => {
        clearTimeout(deadlineTimer);
        deadlineTimer = undefined;
        if (on) checkDeadline();
      },
    };
  };
}
