// Parent side: what the pool needs from one worker, whether a thread or a child
// process. thread-transport.ts and process-transport.ts implement it.
import type { TransferListItem } from "node:worker_threads";
import type { WorkerEnd } from "./errors";
import type { ParentMessage, WorkerMessage } from "./protocol";

export interface WorkerTransport {
  send(message: ParentMessage, transferList?: readonly TransferListItem[]): void;
  /** Let the worker exit once idle (the pool only calls this when nothing is in flight). */
  close(): void;
  /** Stop the worker now, whatever it is doing. */
  kill(): void;
  /** Whether this worker keeps the parent process alive (only while it has work). */
  setKeepsParentAlive(keep: boolean): void;
  /** OS process id (child processes) or thread id (worker threads). */
  readonly id: number;
}

export interface TransportEvents {
  onMessage(message: WorkerMessage): void;
  /** Called exactly once, after the last message. */
  onExit(end: WorkerEnd): void;
}

export type SpawnTransport = (events: TransportEvents) => WorkerTransport;
