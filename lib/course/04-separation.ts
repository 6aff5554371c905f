// Helpers of the notebook "Separation": the queue-feeding side of the one-owner counter, the worker
// side of the main-loop bridge, and the main-thread encoders whose cost the notebook compares.
import v8 from "node:v8";
import { threadId } from "node:worker_threads";
import { median } from "../measure/stats";
import { createRunner } from "../runners/create-runner";
import { defineTask } from "../runners/task";
import { runOnMainLoop } from "../runners/main-loop/run-on-main-loop";
import type { SharedQueue } from "../sync/shared-queue";

/** The printed words of this module, in one place so another language can replace them. */
const words = {
  lost: (expected: number, counted: number, lost: number, percent: number) =>
    `expected ${expected}, counted ${counted}: ${lost} updates lost (${percent} % of the increments)`,
  channels: (bytes: number, cheapest: string, dearest: string, spread: string, verdict: string) =>
    `At ${bytes.toLocaleString("en-US")} bytes the round trips range from ${cheapest} to ${dearest}, ${spread}× apart: ${verdict}.`,
  alike: "about the same on every channel, so the fixed price of a round trip dominates",
  apart: "the channels already differ for small messages",
  largest: (bytes: number, thread: string, processes: string) =>
    ` At ${bytes.toLocaleString("en-US")} bytes: thread ${thread}, ${processes}.`,
};

/** "expected 2000, counted 613: 1387 updates lost (69 % of the increments)". */
export function lostUpdates(expected: number, counted: number): string {
  const lost = expected - counted;
  return words.lost(expected, counted, lost, expected === 0 ? 0 : Math.round((100 * lost) / expected));
}

/** Channels whose round trips at one size lie within this factor count as costing about the same. */
export const aboutTheSame = 2;

/**
 * The serialization measurement in two sentences: how far apart the channels are for the smallest
 * message (about the same, or not), and what each costs for the largest.
 */
export function channelVerdict(records: readonly { channel: string; bytes: number; roundTripMs: number }[]): string {
  if (records.length === 0) throw new RangeError("channelVerdict needs measureSerializationCost's records.");
  const atSize = (bytes: number) => records.filter((record) => record.bytes === bytes).sort((a, b) => a.roundTripMs - b.roundTripMs);
  const sizes = records.map((record) => record.bytes);
  const smallest = atSize(Math.min(...sizes));
  const cheapest = smallest[0];
  const dearest = smallest[smallest.length - 1];
  const ms = (record: { channel: string; roundTripMs: number }) => `${record.roundTripMs.toFixed(2)} ms (${record.channel})`;
  const spread = dearest.roundTripMs / cheapest.roundTripMs;
  const largestBytes = Math.max(...sizes);
  const largest = atSize(largestBytes);
  const thread = largest.find((record) => record.channel === "thread");
  const others = largest.filter((record) => record !== thread).map((record) => `${record.channel} ${record.roundTripMs.toFixed(1)} ms`).join(", ");
  const tail = thread === undefined ? "" : words.largest(largestBytes, `${thread.roundTripMs.toFixed(1)} ms`, others);
  return words.channels(cheapest.bytes, ms(cheapest), ms(dearest), spread.toFixed(1), spread < aboutTheSame ? words.alike : words.apart) + tail;
}

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
