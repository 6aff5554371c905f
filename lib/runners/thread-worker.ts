// Entry of a ThreadRunner worker thread (runs inside the worker, never in the parent).
import { parentPort, workerData } from "node:worker_threads";
import { serializeError } from "./errors";
import type { ParentMessage, WorkerConfig, WorkerMessage } from "./protocol";
import { TaskHost } from "./task-host";

if (parentPort === null) throw new Error("thread-worker.js must be started as a worker thread by ThreadRunner.");
const port = parentPort;
const host = new TaskHost((message: WorkerMessage) => port.postMessage(message));
host.handle({ type: "init", config: workerData as WorkerConfig });
port.on("message", (message: ParentMessage) => host.handle(message));

// An error thrown outside any task (e.g. in a timer a task left behind) ends the worker;
// tell the parent what it was, so the in-flight tasks can say why they failed.
process.on("uncaughtException", (error) => {
  port.postMessage({ type: "crash", error: serializeError(error) } satisfies WorkerMessage);
  process.exit(1);
});
