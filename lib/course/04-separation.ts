// Helpers of the notebook "Separation": the queue-feeding side of the one-owner counter, the worker
// side of the main-loop bridge, and the main-thread encoders whose cost the notebook compares.
import v8 from "node:v8";
import { threadId } from "node:worker_threads";
import { median } from "../measure/stats";
import { createRunner } from "../runners/create-runner";
import { defineTask } from "../runners/task";
import { runOnMainLoop } from "../runners/main-loop/run-on-main-loop";
import type { SharedQueue } from "../sync/shared-queue";

/** Runs in a worker: puts 1 on the queue `times` times, pausing at random up to `fuzzMs` before each, like the racy increments. */
export function sendIncrements(input: { queue: SharedQueue; times: number; fuzzMs: number }): number {
  for (let i = 0; i < input.times; i += 1) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.random() * input.fuzzMs);
    input.queue.put(1);
  }
  return input.times;
}

export const sendIncrementsTask = defineTask(__filename, sendIncrements);

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

/**
 * Sends each input to the main-loop handler `name` from a pool of `workers` worker threads (one
 * request per message), and returns one row per answer: the asking thread and the answer's fields.
 */
export async function askMainLoopFromThreads(name: string, inputs: readonly unknown[], workers: number): Promise<Record<string, unknown>[]> {
  const threads = createRunner("threads", { workers });
  try {
    const answers = await threads.map(askMainLoopTask, inputs.map((input) => ({ name: name, input: input })), { chunksize: 1 });
    return answers.map(({ askedFrom, answer }) => ({ askedFrom: askedFrom, ...(answer as Record<string, unknown>) }));
  } finally {
    await threads.close();
  }
}

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
