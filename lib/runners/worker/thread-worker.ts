// Entry of a ThreadRunner worker thread (runs inside the worker, never in the parent).
import { parentPort, workerData } from "node:worker_threads";
import { ProgressWriter } from "../protocol/progress-slot";
import type { ParentMessage, ThreadWorkerData, WorkerMessage } from "../protocol/messages";
import { TaskHost } from "./task-host";

if (parentPort === null) throw new Error("thread-worker.js must be started as a worker thread by ThreadRunner.");
const port = parentPort;
const { progress, ...config } = workerData as ThreadWorkerData;
const host = new TaskHost((message: WorkerMessage) => port.postMessage(message), new ProgressWriter(progress));
host.handle({ type: "init", config });
port.on("message", (message: ParentMessage) => host.handle(message));

// Leaving — a task called process.exit, or an error escaped: say what was finished and what
// was running, so the parent keeps the results and blames the right input.
process.on("exit", () => {
  try {
    port.postMessage(host.lastWords());
  } catch {
    // A partial result that cannot be cloned: the parent runs those inputs again.
    port.postMessage({ ...host.lastWords(), flat: [], unfinished: [] });
  }
});
// An error thrown outside any task (e.g. in a timer a task left behind) ends the worker.
process.on("uncaughtException", (error) => {
  host.noteCrash(error);
  process.exit(1);
});
