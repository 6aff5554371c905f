// Helpers of the notebook "Separation": the queue-feeding side of the one-owner counter, the worker
// side of the main-loop bridge, and the main-thread encoders whose cost the notebook compares.
import v8 from "node:v8";
import { threadId } from "node:worker_threads";
import { courseLocale, fixed, inCourseLanguage } from "../language";
import { median } from "../measure/stats";
import type { TableColumn } from "../plot";
import { createRunner } from "../runners/create-runner";
import { defineTask } from "../runners/task";
import { runOnMainLoop } from "../runners/main-loop/run-on-main-loop";
import type { SharedQueue } from "../sync/shared-queue";

/** The printed words of this module, per course language. */
const english = {
  counted: (expected: number, counted: number) => `expected ${expected}, counted ${counted}`,
  lost: (lost: number, percent: number) => `${lost} updates lost (${percent} % of the increments)`,
  channels: (bytes: string, cheapest: string, dearest: string, spread: string, verdict: string) =>
    `At ${bytes} bytes the round trips range from ${cheapest} to ${dearest}, ${spread}× apart: ${verdict}.`,
  alike: "about the same on every channel, so the fixed price of a round trip dominates",
  apart: "the channels already differ for small messages",
  largest: (bytes: string, thread: string, processes: string) => ` At ${bytes} bytes: thread ${thread}, ${processes}.`,
  race: { racy: "racy read–write with fuzz", mutex: "Mutex around the read–write", atomics: "Atomics.add", owner: "one owner fed by a SharedQueue" },
  columns: { variant: "variant", expected: "expected", counted: "counted", lost: "lost" },
};

const german: typeof english = {
  counted: (expected, counted) => `erwartet ${expected}, gezählt ${counted}`,
  lost: (lost, percent) => `${lost} Aktualisierungen verloren (${percent} % der Erhöhungen)`,
  channels: (bytes, cheapest, dearest, spread, verdict) =>
    `Bei ${bytes} Bytes dauern die Roundtrips zwischen ${cheapest} und ${dearest}, ein Unterschied um den Faktor ${spread}: ${verdict}.`,
  alike: "auf jedem Kanal etwa gleich lang, der feste Preis eines Roundtrips überwiegt also",
  apart: "Die Kanäle unterscheiden sich schon bei kleinen Nachrichten",
  largest: (bytes, thread, processes) => ` Bei ${bytes} Bytes: thread ${thread}, ${processes}.`,
  race: {
    racy: "ungeschütztes Lesen–Schreiben mit Fuzzing",
    mutex: "Mutex um das Lesen–Schreiben",
    atomics: "Atomics.add",
    owner: "ein Besitzer, beliefert über eine SharedQueue",
  },
  columns: { variant: "Variante", expected: "Erwartet", counted: "Gezählt", lost: "Verloren" },
};

const words = () => inCourseLanguage({ en: english, de: german });

/** "expected 2000, counted 2000": what a fixed counter prints. */
export function expectedAndCounted(expected: number, counted: number): string {
  return words().counted(expected, counted);
}

/** "expected 2000, counted 613: 1387 updates lost (69 % of the increments)". */
export function lostUpdates(expected: number, counted: number): string {
  const lost = expected - counted;
  return `${expectedAndCounted(expected, counted)}: ${words().lost(lost, expected === 0 ? 0 : Math.round((100 * lost) / expected))}`;
}

/** The names of the four counters the notebook compares, in its language: the racy one and its three fixes. */
export function raceVariants(): typeof english.race {
  return words().race;
}

/** The columns of a counter table (expected, counted, lost), titled in the notebook's language. */
export function countColumns(): TableColumn<{ expected: number; counted: number; lost: number }>[] {
  const titles = words().columns;
  return [
    { key: "expected", title: titles.expected },
    { key: "counted", title: titles.counted },
    { key: "lost", title: titles.lost },
  ];
}

/** The race table's first column: which counter a row is. */
export function variantColumn(): TableColumn<{ variant: string }> {
  return { key: "variant", title: words().columns.variant };
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
  const ms = (record: { channel: string; roundTripMs: number }) => `${fixed(record.roundTripMs, 2)} ms (${record.channel})`;
  const bytes = (count: number) => count.toLocaleString(courseLocale());
  const spread = dearest.roundTripMs / cheapest.roundTripMs;
  const largestBytes = Math.max(...sizes);
  const largest = atSize(largestBytes);
  const thread = largest.find((record) => record.channel === "thread");
  const others = largest
    .filter((record) => record !== thread)
    .map((record) => `${record.channel} ${fixed(record.roundTripMs, 1)} ms`)
    .join(", ");
  const said = words();
  const tail = thread === undefined ? "" : said.largest(bytes(largestBytes), `${fixed(thread.roundTripMs, 1)} ms`, others);
  return said.channels(bytes(cheapest.bytes), ms(cheapest), ms(dearest), fixed(spread, 1), spread < aboutTheSame ? said.alike : said.apart) + tail;
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
    const answers = await threads.map(
      askMainLoopTask,
      inputs.map((input) => ({ name: name, input: input })),
      { chunksize: 1 },
    );
    return answers.map(({ askedFrom, answer }) => ({ askedFrom: askedFrom, ...(answer as Record<string, unknown>) }));
  } finally {
    await threads.close();
  }
}

/** Encoders of the three formats that carry messages between threads and processes in Node.js. */
export const encoders: Record<"JSON" | "v8.serialize" | "structuredClone", (value: unknown) => unknown> = {
  JSON: (value) => JSON.parse(JSON.stringify(value)) as unknown,
  "v8.serialize": (value) => v8.deserialize(v8.serialize(value)) as unknown,
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
