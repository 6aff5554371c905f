// Every error a runner raises is built here, so messages read the same across inline,
// async, thread, process and distributed runners, and tests can check their exact text.
// All of them are RunnerErrors: `catch (error) { if (error instanceof RunnerError) … }`.
import { previewInput, type SerializedError } from "./serialized-error";
import type { TaskSpec } from "./protocol/messages";

export { previewInput, serializeError, type SerializedError } from "./serialized-error";

/**
 * The base of every error a runner raises. Errors about one task carry its name and the
 * input it was running on; errors about the runner as a whole (a bad option, a closed
 * runner, an unreachable Redis) leave both undefined.
 *
 * Python: concurrent.futures raises the task's own exception from `future.result()`; here
 * the task's exception is wrapped (TaskError) so the input and the worker's stack come along.
 *
 * @example
 * try {
 *   await runner.map(parse, files);
 * } catch (error) {
 *   if (error instanceof RunnerError) console.log(`${error.name} on ${String(error.input)}`);
 *   else throw error;
 * }
 */
export class RunnerError extends Error {
  /** The task this error is about, when it is about one. */
  readonly taskName: string | undefined;
  /** The input the task was given (undefined for errors about the runner as a whole). */
  readonly input: unknown;

  constructor(message: string, about: { taskName?: string; input?: unknown; cause?: unknown } = {}) {
    super(message, "cause" in about ? { cause: about.cause } : undefined);
    this.taskName = about.taskName;
    this.input = about.input;
  }
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

/**
 * A task threw, or its promise rejected. `cause` is the worker-side error (name, message,
 * stack) and `workerStack` its stack, which is also what `stack` shows.
 *
 * Python: the exception `future.result()` re-raises, with the worker's traceback.
 *
 * @example
 * const error = await runner.submit(parseNumber, "x").catch((caught) => caught);
 * if (error instanceof TaskError) console.log(error.input, error.workerStack);
 */
export class TaskError extends RunnerError {
  override readonly name = "TaskError";
  override readonly taskName: string;
  /** The stack where the task threw, in the worker (undefined when the thrown value had none). */
  readonly workerStack: string | undefined;

  constructor(taskName: string, input: unknown, thrown: SerializedError) {
    super(`Task "${taskName}" failed on input ${previewInput(input)}: ${thrown.name}: ${thrown.message}`, { taskName, input, cause: thrown });
    this.taskName = taskName;
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

/**
 * The worker running this input died: the task called process.exit, an error escaped into a
 * timer, the process was killed or ran out of memory. Only this input fails; the pool started
 * a new worker, and everything else the old one held runs there. `end` says how it ended.
 *
 * Python: concurrent.futures' BrokenProcessPool, except that here the pool is not broken.
 *
 * @example
 * const outcomes = await runner.map(risky, inputs, { settle: true });
 * const crashed = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof WorkerExitedError);
 */
export class WorkerExitedError extends RunnerError {
  override readonly name = "WorkerExitedError";
  /** How the worker ended: its exit code, the signal that killed it, or the error that escaped. */
  readonly end: WorkerEnd;

  constructor(kind: WorkerKind, workerId: number, taskName: string, input: unknown, end: WorkerEnd, position?: ChunkPosition) {
    const where = placeInChunk(position);
    super(
      `The ${kind} worker #${workerId} ${describeEnd(end)} while running task "${taskName}" on input ${previewInput(input)}` +
        `${where === undefined ? "" : ` (${where})`}. The pool replaced the worker; its other tasks run again on the new one.`,
      { taskName, input },
    );
    this.end = end;
  }
}

/**
 * The input was moved to a worker with transferList, and that worker stopped before
 * finishing it: the data went with it, so the task cannot run on another worker.
 *
 * Python has no counterpart: its pools always copy.
 *
 * @example
 * // Move a copy, so the original stays yours if the task has to run again:
 * const copy = buffer.slice(0);
 * await runner.submit(sum, copy, { transferList: [copy] });
 */
export class TransferredInputLostError extends RunnerError {
  override readonly name = "TransferredInputLostError";

  constructor(kind: WorkerKind, workerId: number, taskName: string, input: unknown) {
    super(
      `Task "${taskName}" (input ${previewInput(input)}) was waiting on the ${kind} worker #${workerId} when that worker ` +
        "stopped, and its input had been moved there with transferList, so it cannot run on another worker. Submit it again with a fresh buffer.",
      { taskName, input },
    );
  }
}

/**
 * The task ran longer than `timeoutMs` (its own running time, from when a worker started it;
 * a chunk gets chunksize × timeoutMs). Thread and process workers running it are stopped and
 * replaced; inline and async runners can only stop waiting for it.
 *
 * Python: unlike `AsyncResult.get(timeout)`, which limits only the caller's wait, this stops the task.
 *
 * @example
 * await runner.submit(search, query, { timeoutMs: 2000 }).catch((error) => {
 *   if (error instanceof TaskTimeoutError) return undefined;
 *   throw error;
 * });
 */
export class TaskTimeoutError extends RunnerError {
  override readonly name = "TaskTimeoutError";

  constructor(taskName: string, input: unknown, timeoutMs: number, terminated: boolean, position?: ChunkPosition) {
    const where = placeInChunk(position);
    const what = where === undefined ? "it" : `its chunk of ${position?.size} inputs`;
    super(
      `Task "${taskName}" timed out: ${what} ran longer than ${timeoutMs} ms (input ${previewInput(input)}${where === undefined ? "" : `, ${where}`})` +
        (terminated ? "; its worker was terminated and replaced." : "."),
      { taskName, input },
    );
  }
}

/**
 * The task's AbortSignal fired (the call's `signal`, the runner's, or — in the course kernel —
 * the running cell's interrupt). Its `name` is "AbortError", the name `fetch` and timers'
 * promises reject with, so one `error.name === "AbortError"` check covers them all; `cause`
 * is the signal's reason.
 *
 * Python: `future.cancel()` / asyncio's CancelledError.
 *
 * @example
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(new Error("user pressed stop")), 1000);
 * await runner.map(render, frames, { signal: controller.signal }).catch((error) => {
 *   if (error.name !== "AbortError") throw error;
 * });
 */
export class TaskAbortedError extends RunnerError {
  override readonly name = "AbortError";

  constructor(taskName: string, input: unknown, reason: unknown) {
    super(`Task "${taskName}" was aborted (input ${previewInput(input)}): ${describeReason(reason)}`, { taskName, input, cause: reason });
  }
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (reason === undefined) return "the signal was aborted";
  // An object reason is shown as inspect shows it, not as "[object Object]".
  return typeof reason === "string" ? reason : previewInput(reason);
}

/**
 * map() without settle stops at the first failure: the tasks it had not run end with this
 * (you see it in `map(…, { settle: true })` outcomes and in imap consumers that stopped).
 *
 * Python: the futures `Executor.map` cancels when its iterator is dropped.
 *
 * @example
 * const outcomes = await runner.map(check, items, { chunksize: 10, settle: true });
 * const skipped = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof TaskCancelledError);
 */
export class TaskCancelledError extends RunnerError {
  override readonly name = "TaskCancelledError";

  constructor(taskName: string, input: unknown) {
    super(`Task "${taskName}" was cancelled (input ${previewInput(input)}) because another task in the same batch failed first.`, { taskName, input });
  }
}

/**
 * The runner was closed or terminated: submitting afterwards fails with this, and so do
 * tasks still unfinished when terminate() was called.
 *
 * Python: the RuntimeError "cannot schedule new futures after shutdown", and `Pool.terminate()`.
 *
 * @example
 * await runner.close();
 * await runner.submit(task, 1); // rejects with RunnerClosedError
 */
export class RunnerClosedError extends RunnerError {
  override readonly name = "RunnerClosedError";

  constructor(kind: string, how: "closed" | "terminated", taskName?: string) {
    super(
      taskName === undefined
        ? `The ${kind} runner is ${how}; create a new runner to submit more tasks.`
        : `Task "${taskName}" did not finish: the ${kind} runner was ${how} first.`,
      { taskName },
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

/**
 * An input (checked before anything is sent) or a result (checked in the worker before it
 * travels back) that cannot cross to or from a worker unchanged: a function, a class instance,
 * a Map through JSON. `path` says where ("inputs[2].socket", "result.counts"); the message says
 * what to send instead.
 *
 * Python: pickle's PicklingError, which names the type but not where it sits.
 *
 * @example
 * await runner.submit(countWords, { text, onDone: () => {} }); // rejects: input.onDone is a function
 */
export class NotSerializableError extends RunnerError {
  override readonly name = "NotSerializableError";
  /** Where the problem is: "input.items[2]", "result.counts". */
  readonly path: string;

  constructor(path: string, message: string, about: { taskName?: string; input?: unknown } = {}) {
    super(message, about);
    this.path = path;
  }

  /** The worker refused to send a result back (see protocol/serializable.ts's resultProblemOf). */
  static ofResult(taskName: string, input: unknown, problem: SerializedError): NotSerializableError {
    return new NotSerializableError(problem.path ?? "result", `Task "${taskName}" (input ${previewInput(input)}) returned a result that ${problem.message}`, {
      taskName,
      input,
    });
  }
}

/**
 * A function shipped to a worker uses a variable from outside its own body; in the worker
 * that variable does not exist. Checked before sending, and again from the worker's ReferenceError.
 *
 * Python: pickling a lambda or a closure fails (`Can't pickle <lambda>`); here closures fail by name.
 *
 * @example
 * const factor = 3;
 * await runner.submit((n: number) => n * factor, 2); // rejects: uses "factor" from outside
 * await runner.submit((input: { n: number; factor: number }) => input.n * input.factor, { n: 2, factor });
 */
export class OuterVariableError extends RunnerError {
  override readonly name = "OuterVariableError";
  /** The names the function uses from outside its body. */
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

/**
 * The runner's initializer threw in a worker (or, for inline and async runners, in the
 * caller). The runner stops: every pending and later task fails with this.
 *
 * Python: `Pool(initializer=…)` failing, which leaves a ProcessPoolExecutor broken.
 *
 * @example
 * const runner = createRunner("processes", { initializer: { task: loadModel, input: "model.json" } });
 */
export class InitializerError extends RunnerError {
  override readonly name = "InitializerError";

  constructor(kind: WorkerKind | "caller", thrown: SerializedError) {
    super(
      `The initializer failed in ${kind === "caller" ? "the caller" : `a ${kind} worker`}: ${thrown.name}: ${thrown.message}. The runner stops; fix the initializer and create a new runner.`,
      {
        cause: thrown,
      },
    );
    if (thrown.stack !== undefined) this.stack = `${this.name}: ${this.message}\n--- stack in the worker ---\n${thrown.stack}`;
  }
}

/**
 * defineTask was given something it cannot ship: not a function, or a name the module does not export.
 *
 * Python: the AttributeError a worker raises when it cannot find the function by name.
 *
 * @example
 * export const countPrimesTask = defineTask(__filename, countPrimes);
 */
export class TaskDefinitionError extends RunnerError {
  override readonly name = "TaskDefinitionError";
}

/**
 * A runner option (or a per-call one) has a wrong value; the message says what was expected.
 *
 * Python: the ValueError `Pool(processes=0)` raises.
 *
 * @example
 * createRunner("threads", { workers: 0 }); // throws: expected a whole number >= 1
 */
export class InvalidOptionError extends RunnerError {
  override readonly name = "InvalidOptionError";

  constructor(option: string, value: unknown, expected: string) {
    super(`Invalid runner option ${option}: ${previewInput(value)}; expected ${expected}.`);
  }
}
