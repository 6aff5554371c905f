// Messages between a pool (parent side) and its workers (thread or child process).
// Types only, plus the key that names a task spec, so both sides agree on it.
import type { Channel } from "./serializable";
import type { SerializedError } from "../errors";

/** How a worker finds the function to run: an export of a built module, or shipped source. */
export type TaskSpec = { kind: "module"; file: string; exportName: string } | { kind: "source"; source: string; name: string };

export function taskKeyOf(spec: TaskSpec): string {
  return spec.kind === "module" ? `module:${spec.file}#${spec.exportName}` : `source:${spec.source}`;
}

/**
 * Jobs travel flat, with no object per job, because cloning many small objects is what a
 * burst of tiny tasks pays for; job-codec.ts writes and reads the layout. A job is one
 * attempt at a run of a batch's inputs. A task's spec is sent once per worker, in `defs`.
 */
export interface JobsMessage {
  type: "flat-jobs";
  defs?: Array<[number, TaskSpec]>;
  flat: unknown[];
}

/** Keep going after a failure in the chunk (map with settle: true). */
export const settleFlag = 1;
/** Inputs carry shared-memory primitives to rebuild on the worker side. */
export const reviveFlag = 2;

/** Results, flat too (see job-codec.ts). A chunk that stopped at a failure reports fewer outcomes. */
export interface ResultsMessage {
  type: "flat-results";
  flat: unknown[];
}

export type { SerializedError };

/**
 * What a worker that is exiting (process.exit in a task, an uncaught error) still knows:
 * results not sent yet, what each unfinished job had done so far, and which input was
 * to blame. Threads post it; child processes write it to their status pipe.
 */
export interface LastWords {
  type: "last-words";
  /** Finished jobs whose results were waiting to be sent, as in ResultsMessage. */
  flat: unknown[];
  /** Unfinished jobs: id, then the outcome pairs of the inputs they finished. */
  unfinished: Array<[number, unknown[]]>;
  /** Job id and input index whose code was running (or the only one waiting on a promise). */
  culprit: [number, number] | undefined;
  /** Jobs that were waiting on a promise: with more than one and no culprit, nobody knows which. */
  waiting: number;
  crash: SerializedError | undefined;
}

/**
 * The same work as plain objects, for hosts embedded elsewhere (the distributed
 * worker runs one job at a time, where clarity beats cloning cost).
 */
export interface Job {
  id: number;
  key: string;
  /** Sent at least the first time a host sees this key; it caches the loaded function. */
  spec?: TaskSpec;
  inputs: unknown[];
  settle: boolean;
  revive?: boolean;
}

/** Per input, in order: [1, value] or [0, error]. A chunk that stopped early is shorter. */
export type WireOutcome = [1, unknown] | [0, SerializedError];

export interface JobResult {
  id: number;
  outcomes: WireOutcome[];
  ms: number;
}

export interface WorkerConfig {
  workerId: number;
  /** How results travel back, so the worker checks them before sending. */
  channel: Channel;
  initializer?: { spec: TaskSpec; input: unknown };
}

/** What a thread worker finds in workerData: its config and its progress slot. */
export interface ThreadWorkerData extends WorkerConfig {
  progress: SharedArrayBuffer;
}

export type ParentMessage =
  | { type: "init"; config: WorkerConfig }
  | JobsMessage
  | { type: "jobs"; jobs: Job[] }
  | { type: "bridge-reply"; callId: number; ok: boolean; value?: unknown; error?: SerializedError };

export type WorkerMessage =
  | ResultsMessage
  | { type: "results"; results: JobResult[] }
  | LastWords
  | { type: "init-error"; error: SerializedError }
  | { type: "bridge-call"; callId: number; name: string; input: unknown };
