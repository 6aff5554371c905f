// Checks a task input before it is sent, so a learner sees which part cannot
// cross to a worker instead of a DataCloneError (or silently lost data) later.
// Also swaps shared-memory primitives for handles the worker side can rebuild.
import { NotSerializableError } from "./errors";
import { isShareable, sharedHandleKey, sharedWireMarker, type WireSharedHandle } from "../sync/shared-handle";

/**
 * thread: structured clone; process-json: JSON over IPC; process-advanced: v8 serialization over IPC;
 * redis-json: JSON in a Redis job (the distributed runner).
 */
export type Channel = "thread" | "process-json" | "process-advanced" | "redis-json";

const channelNames: Record<Channel, string> = {
  thread: "worker thread",
  "process-json": "child process (serialization: \"json\")",
  "process-advanced": "child process (serialization: \"advanced\")",
  "redis-json": "distributed worker (JSON through Redis)",
};

function isJson(channel: Channel): boolean {
  return channel === "process-json" || channel === "redis-json";
}

/** The way out of a JSON limit: child processes can switch to v8 serialization, Redis jobs cannot. */
function withoutJson(channel: Channel, otherwise: string): string {
  return channel === "process-json" ? `use serialization: "advanced" or ${otherwise}` : otherwise;
}

const plainDataHint = "Send plain data (numbers, strings, arrays, plain objects) and rebuild richer values inside the task.";

interface Walk {
  channel: Channel;
  seen: Set<object>;
  foundShared: boolean;
}

/**
 * Throws NotSerializableError naming the first offending path (e.g. `input.items[2].socket`).
 * Returns the value to put on the wire: the input itself, or a copy with shared primitives replaced.
 */
export function prepareForSending(input: unknown, channel: Channel, path = "input"): { wire: unknown; revive: boolean } {
  if (typeof input !== "object" && typeof input !== "function" && typeof input !== "bigint" && typeof input !== "symbol") {
    if (typeof input === "number" && isJson(channel) && !Number.isFinite(input)) fail(channel, path, `the number ${input}`, jsonNumberHint(channel));
    return { wire: input, revive: false };
  }
  const walk: Walk = { channel, seen: new Set(), foundShared: false };
  check(input, path, walk);
  return walk.foundShared ? { wire: replaceShared(input), revive: true } : { wire: input, revive: false };
}

const jsonNumberHint = (channel: Channel): string => `JSON turns NaN and Infinity into null; ${withoutJson(channel, "send it as a string")}.`;

function fail(channel: Channel, path: string, what: string, hint: string): never {
  throw new NotSerializableError(channelNames[channel], path, what, hint);
}

function check(value: unknown, path: string, walk: Walk): void {
  const { channel } = walk;
  switch (typeof value) {
    case "function":
      return fail(channel, path, `a function (${value.name || "anonymous"})`, "Functions cannot be sent; pass data and call the function inside the task.");
    case "symbol":
      return fail(channel, path, "a symbol", plainDataHint);
    case "bigint":
      if (isJson(channel)) fail(channel, path, "a bigint", `JSON has no bigint; ${withoutJson(channel, "send it as a string")}.`);
      return;
    case "number":
      if (isJson(channel) && !Number.isFinite(value)) fail(channel, path, `the number ${value}`, jsonNumberHint(channel));
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
    if (isJson(channel)) fail(channel, path, "a circular reference", `JSON cannot encode cycles; ${withoutJson(channel, "send the data without the cycle")}.`);
    return;
  }
  walk.seen.add(value);
  if (isShareable(value)) {
    if (channel !== "thread") {
      fail(channel, path, `a shared-memory ${value[sharedHandleKey]().type}`, "Shared memory only works between threads; use a ThreadRunner.");
    }
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
    if (channel !== "thread") fail(channel, path, "a SharedArrayBuffer", "Shared memory only works between threads; use a ThreadRunner.");
    return;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    if (json) fail(channel, path, `a ${value.constructor.name}`, `JSON turns binary data into a plain object; ${withoutJson(channel, "send an array of numbers")}.`);
    return;
  }
  if (value instanceof Map) {
    if (json) fail(channel, path, "a Map", `JSON turns a Map into {}; ${withoutJson(channel, "send Object.fromEntries(map)")}.`);
    for (const [key, item] of value) {
      check(key, `${path}.<key>`, walk);
      check(item, `${path}.get(${typeof key === "string" ? JSON.stringify(key) : String(key)})`, walk);
    }
    return;
  }
  if (value instanceof Set) {
    if (json) fail(channel, path, "a Set", `JSON turns a Set into {}; ${withoutJson(channel, "send [...set]")}.`);
    let index = 0;
    for (const item of value) check(item, `${path}.<item ${index++}>`, walk);
    return;
  }
  if (value instanceof Date || value instanceof RegExp || value instanceof Error) {
    if (json) fail(channel, path, `a ${value.constructor.name}`, `JSON turns it into a string or {}; ${withoutJson(channel, "send a string")}.`);
    return;
  }
  if (value instanceof Boolean || value instanceof Number || value instanceof String) return;
  if (channel === "thread" && isMessagePort(value)) return;
  const className = (value.constructor as { name?: string } | undefined)?.name || "an unnamed class";
  fail(
    channel,
    path,
    `an instance of ${className}`,
    "Only its data would arrive (no methods, and handles such as sockets cannot move at all); send plain data and rebuild the object inside the task.",
  );
}

function isMessagePort(value: object): boolean {
  return value.constructor?.name === "MessagePort";
}

function replaceShared(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (isShareable(value)) {
    const handle = value[sharedHandleKey]();
    const wire: WireSharedHandle = { [sharedWireMarker]: handle.type, buffer: handle.buffer };
    return wire;
  }
  if (Array.isArray(value)) return value.map(replaceShared);
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceShared(item)]));
}
