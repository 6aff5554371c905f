// Payloads of a chosen size for serialization experiments (what it costs to send
// data to a thread or a process, by size and shape).
import { defineTask } from "../runners/task";

export type PayloadShape = "numbers" | "records" | "text" | "bytes";

export const payloadShapes: readonly PayloadShape[] = ["numbers", "records", "text", "bytes"];

/** About `bytes` bytes of data (as JSON would count it) in the given shape. */
export function makePayload(shape: PayloadShape, bytes: number): unknown {
  if (!(bytes >= 0)) throw new RangeError(`makePayload needs a size >= 0 bytes, got ${bytes}.`);
  switch (shape) {
    case "numbers":
      // Numbers like 0.123 plus a comma: about 6.5 characters each in JSON.
      return Array.from({ length: Math.max(1, Math.round(bytes / 6.5)) }, (_, index) => (index % 1000) / 1000);
    case "records":
      // {"id":123,"name":"item-123","ok":true}, about 40 characters.
      return Array.from({ length: Math.max(1, Math.round(bytes / 40)) }, (_, id) => ({ id, name: `item-${id}`, ok: id % 2 === 0 }));
    case "text":
      return "x".repeat(bytes);
    case "bytes":
      return new Uint8Array(bytes).fill(7);
    default:
      throw new RangeError(`Unknown payload shape ${String(shape)}; use one of ${payloadShapes.join(", ")}.`);
  }
}

/** Returns its input: the round trip is pure serialization and transport. */
export function echo<T>(input: T): T {
  return input;
}

/** Returns only the size, so the cost measured is one way (to the worker). */
export function sizeOf(input: unknown): number {
  if (typeof input === "string") return input.length;
  if (ArrayBuffer.isView(input)) return input.byteLength;
  return Array.isArray(input) ? input.length : 0;
}

export const echoTask = defineTask(__filename, echo);
export const sizeOfTask = defineTask(__filename, sizeOf);
