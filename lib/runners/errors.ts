// Every error a runner raises is built here, so messages read the same across
// inline, async, thread and process runners and tests can check their exact text.
import { inspect } from "node:util";
import type { TaskSpec } from "./protocol";

/** Short, single-line rendering of a task input for error messages. */
export function previewInput(input: unknown): string {
  const text = inspect(input, { depth: 2, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 60 });
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** An error as it crosses a thread or process boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** NotSerializableError: where in the value the problem is (e.g. "result.counts"). */
  path?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: `non-Error value thrown: ${previewInput(error)}` };
}

/** Where an input sits in its chunk, for messages about chunks of several inputs. */
export interface ChunkPosition {
  /** Index of the input within its chunk. */
  index: number;
  size: number;
  /** Index of the chunk's first input in the map's inputs, if it came from map/imap. */
  firstIndex: number | undefined;
}

/** "item 3 of 10 in its chunk, inputs[22]", or undefined for a chunk of one. */
function placeInChunk(position: ChunkPosition | undefined): string | undefined {
  if (position === undefined || position.size <= 1) return undefined;
  const where = position.firstIndex === undefined ? "" : `, inputs[${position.firstIndex + position.index}]`;
  return `item ${position.index + 1} of ${position.size} in its chunk${where}`;
}

/** A task threw (or rejected). `cause` carries the worker-side name, message and stack. */
export class TaskError extends Error {
  override readonly name = "TaskError";
  readonly taskName: string;
  readonly input: unknown;
  readonly workerStack: string | undefined;

  constructor(taskName: string, input: unknown, thrown: SerializedError) {
    super(`Task "${taskName}" failed on input ${previewInput(input)}: ${thrown.name}: ${thrown.message}`, {
      cause: thrown,
    });
    this.taskName = taskName;
    this.input = input;
    this.workerStack = thrown.stack;
    // The parent-side frames say nothing useful; show where the task really failed.
    if (thrown.stack !== undefined) this.stack = `${this.name}: ${this.message}\n--- stack in the worker ---\n${thrown.stack}`;
  }
}

export type WorkerKind = "thread" | "process" | "distributed";

/** How a worker ended: an exit code, a signal (processes), or an uncaught error. */
export interface WorkerEnd {
  code: number | null;
  signal?: NodeJS.Signals | null;
  uncaught?: SerializedError;
}

function describeEnd(end: WorkerEnd): string {
  if (end.uncaught !== undefined) return `crashed with an uncaught ${end.uncaught.name}: ${end.uncaught.message}`;
  if (end.signal) return `was killed by ${end.signal}`;
  return `exited with code ${end.code}`;
}

/** The worker running this input died; the pool replaced it and reran the worker's other tasks. */
export class WorkerExitedError extends Error {
  override readonly name = "WorkerExitedError";
  readonly input: unknown;
  readonly end: WorkerEnd;

  constructor(kind: WorkerKind, workerId: number, taskName: string, input: unknown, end: WorkerEnd, position?: ChunkPosition) {
    super(
      `The ${kind} worker #${workerId} ${describeEnd(end)} while running task "${taskName}" on input ${previewInput(input)}` +
        `${placeInChunk(position) === undefined ? "" : ` (${placeInChunk(position)})`}. The pool replaced the worker; its other tasks run again on the new one.`,
    );
    this.input = input;
    this.end = end;
  }
}

/**
 * The input was moved to a worker with transferList, and that worker died before
 * finishing it: the data went with it, so the task cannot run elsewhere.
 */
export class TransferredInputLostError extends Error {
  override readonly name = "TransferredInputLostError";
  readonly input: unknown;

  constructor(kind: WorkerKind, workerId: number, taskName: string, input: unknown) {
    super(
      `Task "${taskName}" (input ${previewInput(input)}) was waiting on the ${kind} worker #${workerId} when that worker ` +
        "stopped, and its input had been moved there with transferList, so it cannot run on another worker. Submit it again with a fresh buffer.",
    );
    this.input = input;
  }
}

/** The input ran longer than its limit; its worker was stopped (threads, processes) or it was left to finish (inline, async). */
export class TaskTimeoutError extends Error {
  override readonly name = "TaskTimeoutError";
  readonly input: unknown;

  constructor(taskName: string, input: unknown, timeoutMs: number, terminated: boolean, position?: ChunkPosition) {
    const what = placeInChunk(position) === undefined ? "it" : `its chunk of ${position?.size} inputs`;
    super(
      `Task "${taskName}" timed out: ${what} ran longer than ${timeoutMs} ms (input ${previewInput(input)}${placeInChunk(position) === undefined ? "" : `, ${placeInChunk(position)}`})` +
        (terminated ? "; its worker was terminated and replaced." : "."),
    );
    this.input = input;
  }
}

export class TaskAbortedError extends Error {
  override readonly name = "AbortError";
  readonly input: unknown;

  constructor(taskName: string, input: unknown, reason: unknown) {
    super(`Task "${taskName}" was aborted (input ${previewInput(input)}): ${describeReason(reason)}`, { cause: reason });
    this.input = input;
  }
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? "the signal was aborted" : String(reason);
}

/** map() without settle stops at the first failure; the tasks it never ran end with this. */
export class TaskCancelledError extends Error {
  override readonly name = "TaskCancelledError";
  readonly input: unknown;

  constructor(taskName: string, input: unknown) {
    super(`Task "${taskName}" was cancelled (input ${previewInput(input)}) because another task in the same batch failed first.`);
    this.input = input;
  }
}

export class RunnerClosedError extends Error {
  override readonly name = "RunnerClosedError";

  constructor(kind: string, how: "closed" | "terminated", taskName?: string) {
    super(
      taskName === undefined
        ? `The ${kind} runner is ${how}; create a new runner to submit more tasks.`
        : `Task "${taskName}" did not finish: the ${kind} runner was ${how} first.`,
    );
  }
}

/**
 * The caller's error for what a worker reports an input failed with: a refused result, an
 * outer variable the parse before sending missed (the worker's ReferenceError says the same
 * thing), or what the task threw.
 */
export function errorFromWorker(taskName: string, spec: TaskSpec, input: unknown, thrown: SerializedError): Error {
  if (thrown.name === "NotSerializableError" && thrown.path !== undefined) return NotSerializableError.ofResult(taskName, input, thrown);
  const missing = /^(\S+) is not defined$/.exec(thrown.message);
  if (spec.kind === "source" && thrown.name === "ReferenceError" && missing?.[1] !== undefined) return new OuterVariableError(`"${taskName}"`, [missing[1]]);
  return new TaskError(taskName, input, thrown);
}

/** An input (before sending) or a result (before it comes back) that cannot cross to or from a worker. */
export class NotSerializableError extends Error {
  override readonly name = "NotSerializableError";
  /** Where the problem is: "input.items[2]", "result.counts". */
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }

  /** The worker refused to send a result back (see serializable.ts's resultProblemOf). */
  static ofResult(taskName: string, input: unknown, problem: SerializedError): NotSerializableError {
    return new NotSerializableError(problem.path ?? "result", `Task "${taskName}" (input ${previewInput(input)}) returned a result that ${problem.message}`);
  }
}

export class OuterVariableError extends Error {
  override readonly name = "OuterVariableError";
  readonly variables: string[];

  constructor(functionName: string, variables: string[]) {
    const list = variables.map((name) => `"${name}"`).join(", ");
    super(
      `The function ${functionName} uses ${list} from outside its own body, but a function shipped to a worker ` +
        `only sees its input. Pass ${variables.length === 1 ? "it" : "them"} as part of the input, ` +
        `or move the function into a module and use defineTask(moduleFile, fn).`,
    );
    this.variables = variables;
  }
}

export class InitializerError extends Error {
  override readonly name = "InitializerError";

  constructor(kind: WorkerKind | "caller", thrown: SerializedError) {
    super(`The initializer failed in ${kind === "caller" ? "the caller" : `a ${kind} worker`}: ${thrown.name}: ${thrown.message}. The runner stops; fix the initializer and create a new runner.`, {
      cause: thrown,
    });
    if (thrown.stack !== undefined) this.stack = `${this.name}: ${this.message}\n--- stack in the worker ---\n${thrown.stack}`;
  }
}

export class TaskDefinitionError extends Error {
  override readonly name = "TaskDefinitionError";
}

export class InvalidOptionError extends Error {
  override readonly name = "InvalidOptionError";

  constructor(option: string, value: unknown, expected: string) {
    super(`Invalid runner option ${option}: ${previewInput(value)}; expected ${expected}.`);
  }
}
