// Worker side: the way back to the parent, set by the task host when a worker
// starts. runOnMainLoop uses it; in the main thread it stays undefined.

export interface WorkerChannel {
  /** Runs the parent's handler `name` on the parent's event loop and resolves with its answer. */
  callMainLoop(name: string, input: unknown): Promise<unknown>;
}

let current: WorkerChannel | undefined;

export function setWorkerChannel(channel: WorkerChannel): void {
  current = channel;
}

export function workerChannel(): WorkerChannel | undefined {
  return current;
}
