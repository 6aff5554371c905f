// Helpers of the notebook "Separation": the worker side of the main-loop bridge, and the
// main-thread encoders whose cost the notebook compares.
import v8 from "node:v8";
import { threadId } from "node:worker_threads";
import { median } from "../measure/stats";
import { defineTask } from "../runners/task";
import { runOnMainLoop } from "../sync/run-on-main-loop";

export interface MainLoopAnswer {
  /** The worker thread that asked. */
  askedFrom: number;
  answer: unknown;
}

/**
 * Runs in a worker: hands `input` to the handler the main thread exposed under `name`
 * (exposeOnMainLoop) and waits for its answer, like asyncio.run_coroutine_threadsafe(...).result().
 */
export async function askMainLoop(request: { name: string; input: unknown }): Promise<MainLoopAnswer> {
  const answer = await runOnMainLoop(request.name, request.input);
  return { askedFrom: threadId, answer };
}

export const askMainLoopTask = defineTask(__filename, askMainLoop);

/** Encoders of the three formats that carry messages between threads and processes in Node.js. */
export const encoders: Record<"JSON" | "v8.serialize" | "structuredClone", (value: unknown) => unknown> = {
  JSON: (value) => JSON.parse(JSON.stringify(value)),
  "v8.serialize": (value) => v8.deserialize(v8.serialize(value)),
  structuredClone: (value) => structuredClone(value),
};

/** Median time, in ms, of encoding and decoding `value` with `encode`, over `repetitions` runs (after one untimed run). */
export function encodeDecodeMs(encode: (value: unknown) => unknown, value: unknown, repetitions = 5): number {
  encode(value);
  const times: number[] = [];
  for (let run = 0; run < repetitions; run += 1) {
    const started = performance.now();
    encode(value);
    times.push(performance.now() - started);
  }
  return median(times);
}
