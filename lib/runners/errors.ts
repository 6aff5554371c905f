// Every error a runner raises is built here, so messages read the same across
// inline, async, thread and process runners and tests can check their exact text.
import { inspect } from "node:util";

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
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: `non-Error value thrown: ${previewInput(error)}` };
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

export type WorkerKind = "thread" | "process";

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

/** The worker running a task died; the pool replaced it and carries on with other tasks. */
export class WorkerExitedError extends Error {
  override readonly name = "WorkerExitedError";
  readonly input: unknown;
  readonly end: WorkerEnd;

  constructor(kind: WorkerKind, workerId: number, taskName: string, input: unknown, end: WorkerEnd) {
    super(
      `The ${kind} worker #${workerId} ${describeEnd(end)} while task "${taskName}" was in flight ` +
        `(input ${previewInput(input)}). The pool replaced the worker; other tasks continue.`,
    );
    this.input = input;
    this.end = end;
  }
}

export class TaskTimeoutError extends Error {
  override readonly name = "TaskTimeoutError";
  readonly input: unknown;

  constructor(taskName: string, input: unknown, timeoutMs: number, terminated: boolean) {
    super(
      `Task "${taskName}" timed out after ${timeoutMs} ms (input ${previewInput(input)})` +
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

export class NotSerializableError extends Error {
  override readonly name = "NotSerializableError";
  readonly path: string;

  constructor(channel: string, path: string, what: string, hint: string) {
    super(`Cannot send the task input to a ${channel}: ${path} is ${what}. ${hint}`);
    this.path = path;
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
