// Parent side: what the pool needs from one worker, whether a thread or a child
// process. thread-transport.ts and process-transport.ts implement it.
import type { TransferListItem } from "node:worker_threads";
import type { WorkerEnd } from "../errors";
import type { ParentMessage, WorkerMessage } from "../protocol/messages";
import type { DeathInfo } from "./worker-death";

export interface WorkerTransport {
  send(message: ParentMessage, transferList?: readonly TransferListItem[]): void;
  /** Let the worker exit once idle (the pool only calls this when nothing is in flight). */
  close(): void;
  /** Stop the worker now, whatever it is doing. */
  kill(): void;
  /** Whether this worker keeps the parent process alive (only while it has work). */
  setKeepsParentAlive(keep: boolean): void;
  /** Jobs with a time limit are in flight (true) or not any more (false). */
  watchDeadlines(on: boolean): void;
  /** OS process id (child processes) or thread id (worker threads). */
  readonly id: number;
}

export interface TransportEvents {
  onMessage(message: WorkerMessage): void;
  /** A job ran past its deadline; `index` is the input it was at. */
  onTimedOut(job: number, index: number): void;
  /** Called exactly once, after the last message, with what is known about the end. */
  onExit(end: WorkerEnd, death: DeathInfo): void;
}

export type SpawnTransport = (events: TransportEvents) => WorkerTransport;
