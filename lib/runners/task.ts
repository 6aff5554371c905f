// What a runner can run: an exported function of a module (workers load the real
// module, imports and all) or a self-contained function shipped by its source text.
import fs from "node:fs";
import path from "node:path";
import { OuterVariableError, TaskDefinitionError } from "./errors";
import { outerVariablesOf } from "./free-variables";
import { ensureModuleBuilt } from "./fresh-build";
import type { TaskSpec } from "./protocol/messages";

/**
 * A task as a plain function: one input, one result (or a promise of one). Thread, process
 * and distributed workers get it by its source text, so it must be self-contained: it may use
 * its input, globals (Math, JSON, fetch, setTimeout…) and `require("node:…")`, but not
 * variables or imports from outside its body (OuterVariableError says which). Pass several
 * values as one object. For a function that imports things, use a module and `defineTask`.
 * Inline and async runners call the function itself.
 *
 * Python: the function you pass to `executor.submit(fn, arg)` or `pool.map(fn, inputs)`.
 *
 * @example
 * const area: TaskFunction<{ width: number; height: number }, number> = ({ width, height }) => width * height;
 * await runner.submit(area, { width: 3, height: 4 }); // 12
 */
export type TaskFunction<I, O> = (input: I) => O | PromiseLike<O>;

const taskBrand = Symbol.for("ts-concurrency-course.task");

/**
 * A function exported by a module, as `defineTask` names it: workers load the module itself,
 * with its imports, and call the export. It keeps the types of the function it names.
 *
 * Python: a function pickle can send, which it does by module and name
 * (`lib.workloads.cpu.count_primes`), never by its code.
 *
 * @example
 * const task: ModuleTask<number, number> = countPrimesTask;
 * console.log(task.name); // "countPrimes"
 * console.log(task.fn(100)); // 25: called right here, as inline and async runners do
 */
export interface ModuleTask<I, O> {
  readonly [taskBrand]: true;
  /** The name errors and messages use for the task: its export name. */
  readonly name: string;
  /** The module that exports the function, as given to defineTask. */
  readonly moduleFile: string;
  /** The name the module exports the function under. */
  readonly exportName: string;
  /** The function itself, for runners that run in the caller (inline, async). */
  readonly fn: TaskFunction<I, O>;
}

/**
 * Anything a runner accepts as a task: a self-contained function (TaskFunction), shipped by its
 * source, or a module's export named with `defineTask` (ModuleTask), loaded with its imports.
 *
 * Python: the callable you give an executor or pool.
 *
 * @example
 * const tasks: TaskLike<number, number>[] = [countPrimesTask, (n: number) => n * n];
 * for (const task of tasks) console.log(await runner.submit(task, 100)); // 25, then 10000
 */
export type TaskLike<I, O> = ModuleTask<I, O> | TaskFunction<I, O>;

/**
 * Names `fn`, exported from `moduleFile` under `exportName` (default: fn.name), as a task
 * workers load from its module: use it for a task that imports other code, which a function
 * shipped by its source cannot. Inside the module itself write `defineTask(__filename, fn)`;
 * elsewhere give the module's path (absolute, or relative to the current directory, with or
 * without extension). Throws TaskDefinitionError when `fn` is not a function, or is anonymous
 * and no exportName is given. A module path that does not exist is refused (also
 * TaskDefinitionError) when the task is sent to workers; a wrong export name makes each of
 * its tasks fail with TaskError.
 *
 * Python: none needed; pickle sends a function by module and name, which is why
 * multiprocessing wants tasks in an importable module rather than in the notebook.
 *
 * @example
 * // notebooks/words.ts:
 * import { defineTask } from "../lib";
 * export function countWords(text: string): number { return text.split(/\s+/).filter(Boolean).length; }
 * export const countWordsTask = defineTask(__filename, countWords);
 * // a notebook cell:
 * import { countWordsTask } from "./words";
 * await runner.map(countWordsTask, ["one two", "three"]); // [2, 1]
 */
export function defineTask<I, O>(moduleFile: string, fn: TaskFunction<I, O>, exportName: string = fn.name): ModuleTask<I, O> {
  if (typeof fn !== "function") throw new TaskDefinitionError(`defineTask needs the exported function itself as its second argument, got ${typeof fn}.`);
  if (exportName === "") throw new TaskDefinitionError("defineTask got an anonymous function; pass the export name as the third argument.");
  return { [taskBrand]: true, name: exportName, moduleFile, exportName, fn };
}

export function isModuleTask<I, O>(task: TaskLike<I, O>): task is ModuleTask<I, O> {
  return typeof task === "object" && task !== null && (task as Partial<ModuleTask<I, O>>)[taskBrand] === true;
}

export function taskNameOf<I, O>(task: TaskLike<I, O>): string {
  return isModuleTask(task) ? task.name : task.name || "(anonymous function)";
}

/** The function to call in the caller's own thread. */
export function callerFunctionOf<I, O>(task: TaskLike<I, O>): TaskFunction<I, O> {
  return isModuleTask(task) ? task.fn : task;
}

const moduleExtensions = ["", ".ts", ".js", "/index.ts", "/index.js"];

function resolveModuleFile(moduleFile: string): string {
  const absolute = path.resolve(moduleFile);
  for (const extension of moduleExtensions) {
    const candidate = absolute + extension;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new TaskDefinitionError(`Cannot find the task module ${moduleFile} (looked for ${absolute} with .ts, .js or /index).`);
}

const specCache = new WeakMap<object, TaskSpec>();

/**
 * What a worker needs to find the task: checked once per task. A shipped function that
 * uses outer variables fails here, before anything is sent.
 */
export function remoteSpecOf<I, O>(task: TaskLike<I, O>): TaskSpec {
  const cached = specCache.get(task);
  if (cached !== undefined) return cached;
  const spec = isModuleTask(task) ? moduleSpecOf(task) : sourceSpecOf(task);
  specCache.set(task, spec);
  return spec;
}

function moduleSpecOf<I, O>(task: ModuleTask<I, O>): TaskSpec {
  return { kind: "module", file: ensureModuleBuilt(resolveModuleFile(task.moduleFile)), exportName: task.exportName };
}

function sourceSpecOf<I, O>(fn: TaskFunction<I, O>): TaskSpec {
  if (typeof fn !== "function") throw new TaskDefinitionError(`A task must be a function or defineTask(...), got ${typeof fn}.`);
  const source = Function.prototype.toString.call(fn);
  const name = fn.name || "(anonymous function)";
  if (source.includes("[native code]")) {
    throw new TaskDefinitionError(`${name} is a built-in or bound function, which cannot be shipped to a worker; wrap it: (x) => ${name}(x).`);
  }
  const shippable = asExpression(source);
  const outer = outerVariablesOf(shippable);
  if (outer.length > 0) throw new OuterVariableError(fn.name ? `"${fn.name}"` : "(anonymous function)", outer);
  return { kind: "source", source: shippable, name };
}

/** Method shorthand (`double(x) { ... }`) is not an expression on its own; make it one. */
function asExpression(source: string): string {
  if (/^(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(source)) return source;
  const asyncPrefix = source.startsWith("async ") ? "async " : "";
  return `${asyncPrefix}function ${source.slice(asyncPrefix.length)}`;
}
