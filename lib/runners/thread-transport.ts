// Parent side of one worker thread.
import { Worker, type TransferListItem } from "node:worker_threads";
import { serializeError } from "./errors";
import { threadWorkerEntry } from "./build-paths";
import type { WorkerConfig } from "./protocol";
import type { SpawnTransport } from "./worker-transport";

export function threadSpawner(config: Omit<WorkerConfig, "workerId">): (workerId: number) => SpawnTransport {
  return (workerId) => (events) => {
    const worker = new Worker(threadWorkerEntry, { workerData: { ...config, workerId } satisfies WorkerConfig, execArgv: ["--enable-source-maps"] });
    let startupError: Error | undefined;
    worker.on("message", events.onMessage);
    // Only errors the worker could not report itself (e.g. its entry failed to load) arrive here.
    worker.on("error", (error) => (startupError = error));
    worker.on("exit", (code) => events.onExit({ code, uncaught: startupError && serializeError(startupError) }));
    return {
      id: worker.threadId,
      send: (message, transferList?: readonly TransferListItem[]) => worker.postMessage(message, transferList),
      close: () => void worker.terminate(),
      kill: () => void worker.terminate(),
      setKeepsParentAlive: (keep) => (keep ? worker.ref() : worker.unref()),
    };
  };
}
