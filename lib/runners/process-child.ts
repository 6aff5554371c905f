// Entry of a ProcessRunner child process (runs in the child, never in the parent).
import { serializeError } from "./errors";
import type { ParentMessage, WorkerMessage } from "./protocol";
import { exitWhenParentDies } from "./parent-watchdog";
import { TaskHost } from "./task-host";

if (process.send === undefined) throw new Error("process-child.js must be started by ProcessRunner (with an IPC channel).");
const send = process.send.bind(process);
const host = new TaskHost((message: WorkerMessage) => {
  send(message);
});
process.on("message", (message: ParentMessage) => host.handle(message));

// The parent closed the channel: it closed the pool, exited, or was killed. Never outlive it,
// even while a task blocks this thread and the disconnect cannot be noticed.
process.on("disconnect", () => process.exit(0));
exitWhenParentDies();

process.on("uncaughtException", (error) => {
  send({ type: "crash", error: serializeError(error) } satisfies WorkerMessage, undefined, {}, () => process.exit(1));
});
