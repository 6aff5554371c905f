import { defineTask } from "../runners/task";

/**
 * The kinds of data `makePayload` builds: an array of numbers, an array of small objects, one
 * string, or a Uint8Array (which JSON cannot carry).
 */
export type PayloadShape = "numbers" | "records" | "text" | "bytes";

/**
 * Every PayloadShape, to sweep over.
 *
 * @example
 * const payloads = payloadShapes.map((shape) => makePayload(shape, 10_000));
 */
export const payloadShapes: readonly PayloadShape[] = ["numbers", "records", "text", "bytes"];

/**
 * About `bytes` bytes of data (as JSON would count it) in the given shape, to measure what sending
 * data to a thread or a process costs by size and shape. Throws RangeError for a negative size or
 * an unknown shape.
 *
 * @example
 * makePayload("numbers", 65); // [0, 0.001, …, 0.009]: 10 numbers
 * makePayload("text", 5); // "xxxxx"
 */
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

/**
 * Returns its input, so a round trip to a worker measures only serialization and transport.
 *
 * @example
 * echo({ id: 1 }); // { id: 1 }
 */
export function echo<T>(input: T): T {
  return input;
}

/**
 * The payload's length (string characters, typed-array bytes, or array items; 0 for anything
 * else): returns little, so a round trip to a worker measures the way there only.
 *
 * @example
 * sizeOf(makePayload("bytes", 1_000)); // 1000
 */
export function sizeOf(input: unknown): number {
  if (typeof input === "string") return input.length;
  if (ArrayBuffer.isView(input)) return input.byteLength;
  return Array.isArray(input) ? input.length : 0;
}

/**
 * echo as a task for any runner: the payload goes to a worker and comes back unchanged.
 *
 * @example
 * const runner = createRunner("processes", { workers: 1 });
 * const payload = makePayload("records", 100_000);
 * await runner.submit(echoTask, payload); // a copy of payload, serialized there and back
 * await runner.close();
 */
export const echoTask = defineTask(__filename, echo);

/**
 * sizeOf as a task for any runner: the payload goes to a worker, only its size comes back.
 *
 * @example
 * await runner.submit(sizeOfTask, makePayload("text", 100_000)); // 100000
 */
export const sizeOfTask = defineTask(__filename, sizeOf);
