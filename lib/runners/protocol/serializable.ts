// Checks what crosses to a worker and back — a task input before it is sent, a result
// before the worker sends it — so a learner sees which part cannot cross, instead of a
// DataCloneError or, worse, silently changed data (JSON turns a Map into {}).
// Also swaps shared-memory primitives in inputs for handles the worker side can rebuild.
import { NotSerializableError, type SerializedError } from "../errors";
import { isShareable, sharedHandleKey, sharedWireMarker, type WireSharedHandle } from "../../sync/shared-handle";

/**
 * thread: structured clone; process-json: JSON over IPC; process-advanced: v8 serialization over IPC;
 * redis-json: JSON in a Redis job (the distributed runner).
 */
export type Channel = "thread" | "process-json" | "process-advanced" | "redis-json";

const channelNames: Record<Channel, string> = {
  thread: "worker thread",
  "process-json": 'child process (serialization: "json")',
  "process-advanced": 'child process (serialization: "advanced")',
  "redis-json": "distributed worker (JSON through Redis)",
};

function isJson(channel: Channel): boolean {
  return channel === "process-json" || channel === "redis-json";
}

interface Walk {
  channel: Channel;
  /** Inputs go to the worker ("send"), results come back ("return"): the hints say which to change. */
  verb: "send" | "return";
  seen: Set<object>;
  foundShared: boolean;
}

/** The first thing on a path that cannot cross, thrown inside the walk and caught at its top. */
class Problem extends Error {
  constructor(
    readonly path: string,
    readonly what: string,
    readonly hint: string,
  ) {
    super(`${path}: ${what}`);
  }
}

/**
 * Throws NotSerializableError naming the first offending path (e.g. `input.items[2].socket`).
 * Returns the value to put on the wire: the input itself, or a copy with shared primitives replaced.
 */
export function prepareForSending(input: unknown, channel: Channel, path = "input", what = "the task input"): { wire: unknown; revive: boolean } {
  // Most inputs are numbers or strings: no walk, no allocation.
  if (isPlainPrimitive(input, channel)) return { wire: input, revive: false };
  const walk: Walk = { channel, verb: "send", seen: new Set(), foundShared: false };
  const problem = problemOf(input, path, walk);
  if (problem !== undefined) {
    throw new NotSerializableError(problem.path, `Cannot send ${what} to a ${channelNames[channel]}: ${problem.path} is ${problem.what}. ${problem.hint}`);
  }
  return walk.foundShared ? { wire: replaceShared(input), revive: true } : { wire: input, revive: false };
}

/**
 * Worker side: why a task's result cannot travel back, as the error the parent turns into a
 * NotSerializableError naming the task and input; undefined when it can.
 */
export function resultProblemOf(result: unknown, channel: Channel): SerializedError | undefined {
  if (isPlainPrimitive(result, channel)) return undefined;
  const walk: Walk = { channel, verb: "return", seen: new Set(), foundShared: false };
  const problem =
    problemOf(result, "result", walk) ??
    (walk.foundShared
      ? new Problem(
          "result",
          "a shared-memory object",
          "Shared objects travel to workers as inputs; return plain data and read the shared object in the caller.",
        )
      : undefined);
  if (problem === undefined) return undefined;
  return {
    name: "NotSerializableError",
    path: problem.path,
    message: `cannot come back from a ${channelNames[channel]}: ${problem.path} is ${problem.what}. ${problem.hint}`,
  };
}

/** A string, boolean, null, undefined or a number the channel can carry: nothing to check or copy. */
export function isPlainPrimitive(value: unknown, channel: Channel): boolean {
  if (typeof value === "object" || typeof value === "function" || typeof value === "bigint" || typeof value === "symbol") return value === null;
  return typeof value !== "number" || Number.isFinite(value) || !isJson(channel);
}

function problemOf(value: unknown, path: string, walk: Walk): Problem | undefined {
  try {
    check(value, path, walk);
    return undefined;
  } catch (thrown) {
    if (thrown instanceof Problem) return thrown;
    throw thrown;
  }
}

function withoutJson(walk: Walk, otherwise: string): string {
  // Child processes can switch to v8 serialization; Redis jobs cannot.
  return walk.channel === "process-json" ? `use serialization: "advanced" or ${walk.verb} ${otherwise}` : `${walk.verb} ${otherwise}`;
}

const plainDataHint = (walk: Walk): string =>
  walk.verb === "send"
    ? "Send plain data (numbers, strings, arrays, plain objects) and rebuild richer values inside the task."
    : "Return plain data (numbers, strings, arrays, plain objects) and rebuild richer values in the caller.";

const jsonNumberHint = (walk: Walk): string => `JSON turns NaN and Infinity into null; ${withoutJson(walk, "it as a string")}.`;

function fail(path: string, what: string, hint: string): never {
  throw new Problem(path, what, hint);
}

function check(value: unknown, path: string, walk: Walk): void {
  const { channel } = walk;
  switch (typeof value) {
    case "function":
      return fail(
        path,
        `a function (${value.name || "anonymous"})`,
        walk.verb === "send"
          ? "Functions cannot be sent; pass data and call the function inside the task."
          : "Functions cannot be sent back; return data and call the function in the caller.",
      );
    case "symbol":
      return fail(path, "a symbol", plainDataHint(walk));
    case "bigint":
      if (isJson(channel)) fail(path, "a bigint", `JSON has no bigint; ${withoutJson(walk, "it as a string")}.`);
      return;
    case "number":
      if (isJson(channel) && !Number.isFinite(value)) fail(path, `the number ${value}`, jsonNumberHint(walk));
      return;
    case "object":
      if (value !== null) checkObject(value, path, walk);
      return;
    default:
      return;
  }
}

function checkObject(value: object, path: string, walk: Walk): void {
  const { channel } = walk;
  if (walk.seen.has(value)) {
    if (isJson(channel)) fail(path, "a circular reference", `JSON cannot encode cycles; ${withoutJson(walk, "the data without the cycle")}.`);
    return;
  }
  walk.seen.add(value);
  if (isShareable(value)) {
    if (channel !== "thread") fail(path, `a shared-memory ${value[sharedHandleKey]().type}`, "Shared memory only works between threads; use a ThreadRunner.");
    walk.foundShared = true;
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => check(item, `${path}[${index}]`, walk));
    return;
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === Object.prototype || prototype === null) {
    for (const key of Object.keys(value)) check((value as Record<string, unknown>)[key], `${path}${propertyPath(key)}`, walk);
    return;
  }
  checkBuiltIn(value, path, walk);
}

function propertyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function checkBuiltIn(value: object, path: string, walk: Walk): void {
  const { channel } = walk;
  const json = isJson(channel);
  if (value instanceof SharedArrayBuffer) {
    if (channel !== "thread") fail(path, "a SharedArrayBuffer", "Shared memory only works between threads; use a ThreadRunner.");
    return;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    if (json) fail(path, `a ${value.constructor.name}`, `JSON turns binary data into a plain object; ${withoutJson(walk, "an array of numbers")}.`);
    return;
  }
  if (value instanceof Map) {
    if (json) fail(path, "a Map", `JSON turns a Map into {}; ${withoutJson(walk, "Object.fromEntries(map)")}.`);
    for (const [key, item] of value) {
      check(key, `${path}.<key>`, walk);
      check(item, `${path}.get(${typeof key === "string" ? JSON.stringify(key) : String(key)})`, walk);
    }
    return;
  }
  if (value instanceof Set) {
    if (json) fail(path, "a Set", `JSON turns a Set into {}; ${withoutJson(walk, "[...set]")}.`);
    let index = 0;
    for (const item of value) check(item, `${path}.<item ${index++}>`, walk);
    return;
  }
  if (value instanceof Date || value instanceof RegExp || value instanceof Error) {
    if (json) fail(path, `a ${value.constructor.name}`, `JSON turns it into a string or {}; ${withoutJson(walk, "a string")}.`);
    return;
  }
  if (value instanceof Boolean || value instanceof Number || value instanceof String) return;
  if (channel === "thread" && isMessagePort(value)) return;
  const className = (value.constructor as { name?: string } | undefined)?.name || "an unnamed class";
  fail(
    path,
    `an instance of ${className}`,
    walk.verb === "send"
      ? "Only its data would arrive (no methods, and handles such as sockets cannot move at all); send plain data and rebuild the object inside the task."
      : "Only its data would arrive (no methods, and handles such as sockets cannot move at all); return plain data and rebuild the object in the caller.",
  );
}

function isMessagePort(value: object): boolean {
  return value.constructor?.name === "MessagePort";
}

function replaceShared(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (isShareable(value)) {
    const handle = value[sharedHandleKey]();
    const wire: WireSharedHandle = { [sharedWireMarker]: handle.type, buffer: handle.buffer, byteOffset: handle.byteOffset };
    return wire;
  }
  if (Array.isArray(value)) return value.map(replaceShared);
  // The check walks into Maps and Sets, so shared primitives there travel as handles too.
  if (value instanceof Map) return new Map([...value].map(([key, item]) => [replaceShared(key), replaceShared(item)]));
  if (value instanceof Set) return new Set([...value].map(replaceShared));
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceShared(item)]));
}
