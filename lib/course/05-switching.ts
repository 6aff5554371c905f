// Helpers of the notebook "Switching": the worker side of the interleaving experiments, the
// busy work of the starvation experiment, and what one plain call, one await and one generator step cost.
import { median } from "../measure/stats";
import type { TimerLatenessSample } from "../measure/timer-lateness";
import { defineTask } from "../runners/task";
import type { Mutex } from "../sync/mutex";
import type { SharedCounter } from "../sync/shared-counter";
import type { SharedQueue } from "../sync/shared-queue";

export interface AppendInput {
  queue: SharedQueue;
  /** Counts the threads that have started; each waits until both have, so neither gets a head start. */
  ready: SharedCounter;
  /** 1 for thread A, -1 for thread B: the sign of every number the thread appends. */
  sign: number;
  items: number;
  /** Busy work between two appends. */
  spinMicroseconds: number;
}

function spin(microseconds: number): void {
  const until = performance.now() + microseconds / 1000;
  while (performance.now() < until);
}

function startTogether(ready: SharedCounter): void {
  ready.increment();
  while (ready.value < 2);
}

/** Runs in a worker: appends sign × 1, 2, …, items to the queue, with a little busy work before each append. */
export function appendSequence(input: AppendInput): number {
  startTogether(input.ready);
  for (let i = 1; i <= input.items; i += 1) {
    spin(input.spinMicroseconds);
    input.queue.put(input.sign * i);
  }
  return input.items;
}

export const appendSequenceTask = defineTask(__filename, appendSequence);

/** Runs in a worker: appends each number twice in a row (a pair), with busy work between the two, holding `mutex` around the pair if given. */
export function appendPairs(input: AppendInput & { mutex: Mutex | null }): number {
  startTogether(input.ready);
  for (let i = 1; i <= input.items; i += 1) {
    input.mutex?.lock();
    input.queue.put(input.sign * i);
    spin(input.spinMicroseconds);
    input.queue.put(input.sign * i);
    input.mutex?.unlock();
  }
  return input.items;
}

export const appendPairsTask = defineTask(__filename, appendPairs);

/** How many of the pairs (entries 0–1, 2–3, …) hold two different numbers, i.e. were split by the other thread. */
export function countBrokenPairs(entries: readonly number[]): number {
  return entries.filter((value, index) => index % 2 === 0 && entries[index + 1] !== value).length;
}

/** Computes without a break for `ms` milliseconds, like a task that never awaits. */
export function computeFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** One row per timer-lateness run: its series, how many ticks the timer got, and its worst lag. */
export function lagSummary(runs: readonly { samples: readonly TimerLatenessSample[] }[]): { series: string | undefined; ticks: number; worstLagMs: number }[] {
  return runs.map(({ samples }) => ({ series: samples[0]?.series, ticks: samples.length, worstLagMs: Math.max(...samples.map((sample) => sample.lagMs)) }));
}

function plainStep(total: number, value: number): number {
  return total + value;
}

async function asyncStep(total: number, value: number): Promise<number> {
  return total + value;
}

function* runningTotal(): Generator<number, never, number> {
  let total = 0;
  for (;;) total += yield total;
}

const runs = 5;

function nanosecondsPer(calls: number, elapsedMs: number): number {
  return (elapsedMs * 1e6) / calls;
}

function checkCalls(calls: number): void {
  if (!(Number.isInteger(calls) && calls >= 1)) throw new RangeError(`calls must be a whole number >= 1, got ${calls}.`);
}

/** Nanoseconds per call of a small plain function in a loop (median of 5 runs after a warm-up). */
export function plainCallCost(calls: number): number {
  checkCalls(calls);
  const times: number[] = [];
  let sink = 0;
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) sink = plainStep(sink, i);
    if (run > 0) times.push(nanosecondsPer(calls, performance.now() - started));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the loop's result alive");
  return median(times);
}

/** Nanoseconds per `await` of the same function made async (each await suspends and resumes the caller). */
export async function awaitCost(calls: number): Promise<number> {
  checkCalls(calls);
  const times: number[] = [];
  let sink = 0;
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) sink = await asyncStep(sink, i);
    if (run > 0) times.push(nanosecondsPer(calls, performance.now() - started));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the loop's result alive");
  return median(times);
}

/** Nanoseconds per resumption of a generator (next(value)), the building block of Python's coroutines. */
export function generatorStepCost(calls: number): number {
  checkCalls(calls);
  const times: number[] = [];
  const generator = runningTotal();
  generator.next(0);
  let sink = 0;
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) sink = generator.next(i).value;
    if (run > 0) times.push(nanosecondsPer(calls, performance.now() - started));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the loop's result alive");
  return median(times);
}
