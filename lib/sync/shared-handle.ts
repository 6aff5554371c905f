// Thread primitives live in a SharedArrayBuffer. A class instance loses its
// methods when cloned to a worker, so primitives describe themselves with a handle
// (type name, buffer, offset) and the worker side rebuilds the same class around the same memory.

export const sharedHandleKey = Symbol.for("ts-concurrency-course.shared");

/** Property that marks a handle on the wire (a string key survives structured clone). */
export const sharedWireMarker = "__sharedPrimitive__";

export interface SharedHandle {
  type: string;
  buffer: SharedArrayBuffer;
  /** Where in the buffer the primitive starts (a lock inside a larger shared structure). */
  byteOffset: number;
}

export interface Shareable {
  [sharedHandleKey](): SharedHandle;
}

export function isShareable(value: object): value is Shareable {
  return typeof (value as Partial<Shareable>)[sharedHandleKey] === "function";
}

export interface WireSharedHandle {
  [sharedWireMarker]: string;
  buffer: SharedArrayBuffer;
  byteOffset: number;
}

export function isWireSharedHandle(value: unknown): value is WireSharedHandle {
  return typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[sharedWireMarker] === "string";
}
