// Messages between a pool (parent side) and its workers (thread or child process).
// Types only, plus the key that names a task spec, so both sides agree on it.
import type { SerializedError } from "./errors";

/** How a worker finds the function to run: an export of a built module, or shipped source. */
export type TaskSpec =
  | { kind: "module"; file: string; exportName: string }
  | { kind: "source"; source: string; name: string };

export function taskKeyOf(spec: TaskSpec): string {
  return spec.kind === "module" ? `module:${spec.file}#${spec.exportName}` : `source:${spec.source}`;
}

/**
 * Jobs travel flat, with no object per job, because cloning many small objects is
 * what a burst of tiny tasks pays for. Per job: id, taskId, flags, count, then `count` inputs.
 * A task's spec is sent once per worker, in `defs`, under its taskId.
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

/**
 * Results, flat too. Per job: id, ms (time the worker spent, so the pool can size its
 * pipeline), count, then `count` pairs of (1, value) or (0, SerializedError).
 * A chunk that stopped at a failure reports fewer outcomes than it had inputs.
 */
export interface ResultsMessage {
  type: "flat-results";
  flat: unknown[];
}

export type { SerializedError };

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
  initializer?: { spec: TaskSpec; input: unknown };
}

export type ParentMessage =
  | { type: "init"; config: WorkerConfig }
  | JobsMessage
  | { type: "jobs"; jobs: Job[] }
  | { type: "bridge-reply"; callId: number; ok: boolean; value?: unknown; error?: SerializedError };

export type WorkerMessage =
  | ResultsMessage
  | { type: "results"; results: JobResult[] }
  | { type: "init-error"; error: SerializedError }
  | { type: "crash"; error: SerializedError }
  | { type: "bridge-call"; callId: number; name: string; input: unknown };
