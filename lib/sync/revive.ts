// Worker side: turns shared-primitive handles in a task input back into the
// classes the parent sent, viewing the same shared memory.
import { isWireSharedHandle, sharedWireMarker } from "./shared-handle";
import { Mutex } from "./mutex";
import { Semaphore } from "./semaphore";
import { SharedCounter } from "./shared-counter";
import { SharedEvent } from "./shared-event";
import { SharedQueue } from "./shared-queue";
import { SimulatedGIL } from "./simulated-gil";

const constructors: Record<string, (buffer: SharedArrayBuffer, byteOffset: number) => object> = {
  Mutex: (buffer, byteOffset) => new Mutex(buffer, byteOffset),
  Semaphore: (buffer) => new Semaphore(buffer),
  SharedCounter: (buffer) => new SharedCounter(buffer),
  SharedEvent: (buffer) => new SharedEvent(buffer),
  SharedQueue: (buffer) => new SharedQueue(buffer),
  SimulatedGIL: (buffer) => new SimulatedGIL(buffer),
};

export function reviveShared(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (isWireSharedHandle(value)) {
    const type = value[sharedWireMarker];
    const build = constructors[type];
    if (build === undefined) throw new Error(`Unknown shared primitive type "${type}".`);
    return build(value.buffer, value.byteOffset);
  }
  if (Array.isArray(value)) return value.map(reviveShared);
  if (value instanceof Map) return new Map([...value].map(([key, item]) => [reviveShared(key), reviveShared(item)]));
  if (value instanceof Set) return new Set([...value].map(reviveShared));
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reviveShared(item)]));
}
