// Entry of a ProcessRunner child process (runs in the child, never in the parent).
//   node process-child.js <parent pid>
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { SidecarData } from "./child-sidecar";
import { createProgressBuffer, ProgressWriter } from "../protocol/progress-slot";
import type { ParentMessage, WorkerMessage } from "../protocol/messages";
import { writeStatus } from "../protocol/status-pipe";
import { TaskHost } from "./task-host";

if (process.send === undefined) throw new Error("process-child.js must be started by ProcessRunner (with an IPC channel).");
const send = process.send.bind(process);
const progress = createProgressBuffer();
const host = new TaskHost(
  (message: WorkerMessage) => {
    send(message);
  },
  new ProgressWriter(progress, (seq) => writeStatus({ type: "moved-on", seq })),
);
process.on("message", (message: ParentMessage) => host.handle(message));

// The sidecar thread: parent-death watch, time limits, long-running reports (see child-sidecar.ts).
const sidecar = new Worker(path.join(__dirname, "child-sidecar.js"), { workerData: { progress, parentPid: Number(process.argv[2]) } satisfies SidecarData });
sidecar.unref();

// The parent closed the channel: it closed the pool, or it died (then the sidecar also acts).
process.on("disconnect", () => process.exit(0));

// Leaving — a task called process.exit, or an error escaped: the status pipe is written
// synchronously, so the parent learns what was finished and what was running.
process.on("exit", () => writeStatus(host.lastWords()));
process.on("uncaughtException", (error) => {
  host.noteCrash(error);
  process.exit(1);
});
