// Parent side of one child process. Its stdout/stderr are forwarded to ours, so a task's
// console.log shows up in the notebook like a thread's does. Beside IPC, the child has a
// status pipe (status-pipe.ts) on which it reports timeouts, long-running inputs and, on
// its way out, its last words.
import { fork } from "node:child_process";
import type { Readable } from "node:stream";
import { processChildEntry } from "../build-paths";
import type { RunningInput } from "../protocol/progress-slot";
import type { LastWords, ParentMessage, WorkerConfig, WorkerMessage } from "../protocol/messages";
import { readStatus, statusFd, type StatusMessage } from "../protocol/status-pipe";
import type { SpawnTransport } from "./worker-transport";

export function processSpawner(config: Omit<WorkerConfig, "workerId">, serialization: "json" | "advanced"): (workerId: number) => SpawnTransport {
  return (workerId) => (events) => {
    const stdio: Array<"ignore" | "pipe" | "ipc"> = ["ignore", "pipe", "pipe", "ipc", "pipe"];
    const child = fork(processChildEntry, [String(process.pid)], {
      serialization,
      stdio,
      // The parent's flags (a test runner's loaders, --inspect) are not meant for children.
      execArgv: ["--enable-source-maps"],
    });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    let ended = false;
    let lastWords: LastWords | undefined;
    let longRunning: (RunningInput & { seq: number }) | undefined;
    let movedOnSeq = 0;
    const status = child.stdio[statusFd] as Readable | null;
    let statusOpen = status !== null;
    if (status !== null) {
      readStatus(status, (message: StatusMessage) => {
        switch (message.type) {
          case "running":
            if (message.seq >= movedOnSeq) longRunning = message;
            return;
          case "moved-on":
            movedOnSeq = Math.max(movedOnSeq, message.seq);
            if (longRunning !== undefined && longRunning.seq < movedOnSeq) longRunning = undefined;
            return;
          case "timed-out":
            events.onTimedOut(message.job, message.index);
            return;
          case "last-words":
            lastWords = message;
            return;
        }
      });
      status.on("close", () => {
        statusOpen = false;
        reportWhenDone();
      });
      unrefStream(status);
    }
    child.on("message", (message) => events.onMessage(message as WorkerMessage));
    child.on("error", (error) => {
      // Once the child runs, an error here is a message sent to it as it died (EPIPE, a closed
      // channel): a consequence, not the cause; its exit code or signal tells what happened.
      if (child.pid !== undefined || ended) return;
      ended = true;
      events.onExit({ code: null, uncaught: { name: error.name, message: error.message, stack: error.stack } }, {});
    });
    // The exit can be noticed before the last IPC messages and status frames are read; the
    // channel closing ("disconnect") and the status pipe closing come after them.
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    function reportWhenDone(): void {
      if (ended || exit === undefined || child.connected || statusOpen) return;
      ended = true;
      const { job, index } = longRunning ?? {};
      events.onExit(exit, { lastWords, longRunning: job === undefined || index === undefined ? undefined : { job, index } });
    }
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      reportWhenDone();
    });
    child.on("disconnect", reportWhenDone);
    child.send({ type: "init", config: { ...config, workerId } } satisfies ParentMessage);
    return {
      id: child.pid ?? -1,
      send: (message) => {
        if (child.connected) child.send(message);
      },
      close: () => {
        if (child.connected) child.disconnect();
      },
      kill: () => void child.kill("SIGKILL"),
      setKeepsParentAlive: (keep) => {
        if (keep) {
          child.ref();
          child.channel?.ref();
        } else {
          child.unref();
          child.channel?.unref();
        }
      },
      // The child's sidecar thread watches its deadlines itself.
      watchDeadlines: () => {},
    };
  };
}

function forward(from: Readable | null, to: NodeJS.WriteStream): void {
  if (from === null) return;
  from.on("data", (chunk: Buffer) => to.write(chunk));
  unrefStream(from);
}

/** Output and status pipes alone must not keep the parent alive. */
function unrefStream(stream: Readable): void {
  (stream as Readable & { unref?: () => void }).unref?.();
}
