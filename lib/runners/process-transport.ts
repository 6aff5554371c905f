// Parent side of one child process. Its stdout/stderr are forwarded to ours, so a
// task's console.log shows up in the notebook like a thread's does.
import { fork } from "node:child_process";
import type { Readable } from "node:stream";
import { processChildEntry } from "./build-paths";
import type { SerializedError } from "./errors";
import type { ParentMessage, WorkerConfig } from "./protocol";
import type { SpawnTransport } from "./worker-transport";

export function processSpawner(config: Omit<WorkerConfig, "workerId">, serialization: "json" | "advanced"): (workerId: number) => SpawnTransport {
  return (workerId) => (events) => {
    const child = fork(processChildEntry, [], {
      serialization,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      // The parent's flags (a test runner's loaders, --inspect) are not meant for children.
      execArgv: ["--enable-source-maps"],
    });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    let ended = false;
    let spawnError: SerializedError | undefined;
    child.on("message", events.onMessage);
    child.on("error", (error) => {
      spawnError = { name: error.name, message: error.message, stack: error.stack };
      if (child.pid === undefined && !ended) {
        ended = true;
        events.onExit({ code: null, uncaught: spawnError });
      }
    });
    // The exit can be noticed before the last IPC messages are read; the channel closing
    // ("disconnect") comes after them. Report the exit once both happened.
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const reportWhenDone = (): void => {
      if (ended || exit === undefined || child.connected) return;
      ended = true;
      events.onExit({ ...exit, uncaught: spawnError });
    };
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
    };
  };
}

function forward(from: Readable | null, to: NodeJS.WriteStream): void {
  if (from === null) return;
  from.on("data", (chunk: Buffer) => to.write(chunk));
  // Output pipes alone must not keep the parent alive.
  (from as Readable & { unref?: () => void }).unref?.();
}
