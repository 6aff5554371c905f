// Helpers of the notebook "Switching": the worker side of the interleaving and preemption
// experiments, the busy work of the starvation experiment, and what one plain call, one await,
// one generator step and one hand-over between threads cost (and a call and a resume in CPython).
import fs from "node:fs";
import { fixed, inCourseLanguage } from "../language";
import { median } from "../measure/stats";
import type { TimerLatenessSample } from "../measure/timer-lateness";
import { createRunner } from "../runners/create-runner";
import { defineTask } from "../runners/task";
import type { Mutex } from "../sync/mutex";
import { SharedCounter } from "../sync/shared-counter";
import type { SharedQueue } from "../sync/shared-queue";
import { defaultPython, jsonFrom, runPythonScript } from "./python";

/** The printed words of this module, per course language. */
const english = {
  preemption: (rows: string) => `Each thread spun without ever pausing by itself, yet it was off the CPU for ${rows}.`,
  preemptionRow: (threads: number, cores: number, share: number, gaps: string) =>
    `${share} % of its time with ${threads} threads on ${cores} cores (${gaps} breaks per thread)`,
  preemptionRowSeparator: ", and ",
  costs: (p: { awaitNs: string; awaitTimes: string; generatorNs: string; handOverUs: string; handOverTimes: string; order: string }) =>
    `Here an await cost ${p.awaitNs} ns (${p.awaitTimes}× a plain call) and a generator step ${p.generatorNs} ns: ${p.order}; ` +
    `handing over from one thread to a sleeping one (Atomics.notify, then its Atomics.wait returns) cost ${p.handOverUs} µs, ${p.handOverTimes}× an await.`,
  callCheapest: "a plain call is the cheapest, the other way round from the source text's CPython",
  resumeCheaper: "resuming is not dearer than a plain call here, as the source text says of CPython",
  python: (version: string, callNs: string, resumeNs: string, verdict: string) =>
    `In CPython ${version} here, a plain function call took ${callNs} ns and resuming a generator ${resumeNs} ns: ${verdict}.`,
  pythonHolds: "as the source text says, the call costs more",
  pythonAlike: "the two cost about the same, so the source text's claim does not clearly hold for this Python",
  pythonFails: "unlike what the source text says, the call costs less",
  noPython: (python: string) => `No Python at ${python}: the claim that a call costs more than resuming a generator is the source text's, not measured here.`,
  labels: {
    neverAwaits: "never awaits",
    awaitsResolvedPromise: "awaits a resolved promise",
    awaitsSetImmediate: "awaits setImmediate",
    plainCall: "plain function call",
    generatorNext: "generator next()",
    awaitOfAsync: "await of an async function",
    threadHandOver: "hand-over to a sleeping thread",
    generatorSend: "generator send()",
  },
};

const german: typeof english = {
  preemption: (rows) => `Kein Thread hielt je von sich aus inne, und doch war jeder einen Teil seiner Zeit nicht auf der CPU: ${rows}.`,
  preemptionRow: (threads, cores, share, gaps) => `${share} % bei ${threads} Threads auf ${cores} Kernen (${gaps} Unterbrechungen pro Thread)`,
  preemptionRowSeparator: " und ",
  costs: (p) =>
    `Hier kostete ein await ${p.awaitNs} ns (das ${p.awaitTimes}-Fache eines einfachen Aufrufs) und ein Generatorschritt ${p.generatorNs} ns: ${p.order}; ` +
    `die Übergabe von einem Thread an einen schlafenden (Atomics.notify, dann kehrt dessen Atomics.wait zurück) kostete ${p.handOverUs} µs, das ${p.handOverTimes}-Fache eines await.`,
  callCheapest: "Ein einfacher Aufruf ist am billigsten, umgekehrt als im CPython des Ausgangstextes",
  resumeCheaper: "Das Fortsetzen ist hier nicht teurer als ein einfacher Aufruf, wie es der Ausgangstext von CPython sagt",
  python: (version, callNs, resumeNs, verdict) =>
    `In CPython ${version} dauerte hier ein einfacher Funktionsaufruf ${callNs} ns und das Fortsetzen eines Generators ${resumeNs} ns: ${verdict}.`,
  pythonHolds: "Wie der Ausgangstext sagt, kostet der Aufruf mehr",
  pythonAlike: "Beide kosten etwa gleich viel, die Behauptung des Ausgangstextes trifft für dieses Python also nicht eindeutig zu",
  pythonFails: "Anders als der Ausgangstext sagt, kostet der Aufruf weniger",
  noPython: (python) =>
    `Kein Python unter ${python}: Dass ein Aufruf mehr kostet als das Fortsetzen eines Generators, sagt der Ausgangstext; hier ist es nicht gemessen.`,
  labels: {
    neverAwaits: "wartet nie",
    awaitsResolvedPromise: "await auf ein aufgelöstes Promise",
    awaitsSetImmediate: "await auf setImmediate",
    plainCall: "einfacher Funktionsaufruf",
    generatorNext: "Generator: next()",
    awaitOfAsync: "await einer async-Funktion",
    threadHandOver: "Übergabe an einen schlafenden Thread",
    generatorSend: "Generator: send()",
  },
};

const words = () => inCourseLanguage({ en: english, de: german });

/** The names of the notebook's timer runs and timed operations in its language; tables and legends show them. */
export function switchLabels(): typeof english.labels {
  return words().labels;
}

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

// ---------------------------------------------------------------------------------------------
// Preemption: threads that never pause are still taken off the CPU when there are more of them than cores.

/** A pause between two clock reads longer than this means the thread was not running. */
const offCpuGapMs = 0.1;

export interface SpinReport {
  /** Pauses longer than offCpuGapMs between two reads of the clock. */
  breaks: number;
  /** Their sum. */
  offCpuMs: number;
  spunMs: number;
}

/**
 * Runs in a worker: waits until all `threads` have started, then spins for `ms` reading the clock,
 * and counts the gaps it did not cause itself (it never blocks or yields).
 */
export function spinAndWatch(input: { ready: SharedCounter; threads: number; ms: number }): SpinReport {
  input.ready.increment();
  while (input.ready.value < input.threads);
  const started = performance.now();
  let last = started;
  let breaks = 0;
  let offCpuMs = 0;
  while (last - started < input.ms) {
    const now = performance.now();
    if (now - last > offCpuGapMs) {
      breaks += 1;
      offCpuMs += now - last;
    }
    last = now;
  }
  return { breaks, offCpuMs, spunMs: last - started };
}

export const spinAndWatchTask = defineTask(__filename, spinAndWatch);

export interface PreemptionRow {
  threads: number;
  cores: number;
  /** Per thread, on average. */
  breaksPerThread: number;
  /** Share of each thread's time off the CPU, on average. */
  offCpuShare: number;
  longestThreadOffCpuMs: number;
}

/** For each thread count: that many threads spin together for `ms`, each counting the time it was off the CPU. */
export async function measurePreemption(threadCounts: readonly number[], ms: number, cores: number): Promise<PreemptionRow[]> {
  const rows: PreemptionRow[] = [];
  for (const threads of threadCounts) {
    const runner = createRunner("threads", { workers: threads });
    try {
      await runner.map(
        (x: number) => x,
        Array.from({ length: threads }, (_, index) => index),
        { chunksize: 1 },
      ); // start them first
      const ready = new SharedCounter();
      const reports = await runner.map(
        spinAndWatchTask,
        Array.from({ length: threads }, () => ({ ready, threads, ms })),
        { chunksize: 1 },
      );
      rows.push({
        threads,
        cores,
        breaksPerThread: reports.reduce((sum, report) => sum + report.breaks, 0) / threads,
        offCpuShare: reports.reduce((sum, report) => sum + report.offCpuMs / report.spunMs, 0) / threads,
        longestThreadOffCpuMs: Math.max(...reports.map((report) => report.offCpuMs)),
      });
    } finally {
      await runner.close();
    }
  }
  return rows;
}

/** measurePreemption's rows as one sentence. */
export function preemptionVerdict(rows: readonly PreemptionRow[]): string {
  const said = words();
  return said.preemption(
    rows
      .map((row) => said.preemptionRow(row.threads, row.cores, Math.round(100 * row.offCpuShare), fixed(row.breaksPerThread, 0)))
      .join(said.preemptionRowSeparator),
  );
}

// ---------------------------------------------------------------------------------------------
// A hand-over between threads: one wakes the other through Atomics.notify and sleeps in Atomics.wait.

/**
 * Runs in a worker: `rounds` times, waits for its turn (slot 0 equal to `me`), then gives the turn to
 * the other thread and wakes it. Returns the ms it took from its first turn to its last hand-over.
 */
export function pingPong(input: { turn: Int32Array; me: 0 | 1; rounds: number }): number {
  const { turn, me, rounds } = input;
  const other = 1 - me;
  let started = 0;
  for (let round = 0; round < rounds; round += 1) {
    while (Atomics.load(turn, 0) !== me) Atomics.wait(turn, 0, other);
    if (round === 0) started = performance.now();
    Atomics.store(turn, 0, other);
    Atomics.notify(turn, 0);
  }
  return performance.now() - started;
}

export const pingPongTask = defineTask(__filename, pingPong);

/** Microseconds per hand-over between two worker threads that sleep until woken (median of `runs`). */
export async function threadHandOverCost(rounds: number, runs = 3): Promise<number> {
  checkCalls(rounds);
  const runner = createRunner("threads", { workers: 2 });
  try {
    const times: number[] = [];
    for (let run = 0; run <= runs; run += 1) {
      const turn = new Int32Array(new SharedArrayBuffer(4));
      const [first] = await runner.map(
        pingPongTask,
        [
          { turn, me: 0 as const, rounds },
          { turn, me: 1 as const, rounds },
        ],
        { chunksize: 1 },
      );
      // Thread 0's rounds span 2 × rounds − 1 hand-overs: its own and the other thread's answers.
      if (run > 0) times.push((1000 * first) / (2 * rounds - 1));
    }
    return median(times);
  } finally {
    await runner.close();
  }
}

export interface SwitchCosts {
  plainNs: number;
  generatorNs: number;
  awaitNs: number;
  threadHandOverUs: number;
}

/** The measured costs in one sentence. */
export function switchCostVerdict(costs: SwitchCosts): string {
  const said = words();
  return said.costs({
    awaitNs: fixed(costs.awaitNs, 0),
    awaitTimes: fixed(costs.awaitNs / costs.plainNs, 0),
    generatorNs: fixed(costs.generatorNs, 0),
    handOverUs: fixed(costs.threadHandOverUs, 1),
    handOverTimes: fixed((1000 * costs.threadHandOverUs) / costs.awaitNs, 0),
    order: costs.plainNs < Math.min(costs.generatorNs, costs.awaitNs) ? said.callCheapest : said.resumeCheaper,
  });
}

// ---------------------------------------------------------------------------------------------
// The source text's claim, measured in CPython: a plain call against resuming a generator.

const callVersusResumeScript = `
import json, platform, sys, timeit

def step(total, value):
    return total + value

def running_total():
    total = 0
    while True:
        total += yield total

calls = int(sys.argv[1])
generator = running_total()
next(generator)
resume = generator.send
call_s = min(timeit.repeat("step(1, 2)", globals={"step": step}, number=calls, repeat=5))
resume_s = min(timeit.repeat("resume(2)", globals={"resume": resume}, number=calls, repeat=5))
print(json.dumps({"python": platform.python_version(), "callNs": call_s / calls * 1e9, "resumeNs": resume_s / calls * 1e9}))
`;

export interface PythonCallCost {
  python: string;
  callNs: number;
  resumeNs: number;
}

/** A plain call and a generator resume (send) in CPython, in ns (best of 5 timeit runs), or undefined without that Python. */
export async function measurePythonCallVersusResume(calls: number, python = defaultPython): Promise<PythonCallCost | undefined> {
  checkCalls(calls);
  if (!fs.existsSync(python)) return undefined;
  return jsonFrom<PythonCallCost>(await runPythonScript(python, callVersusResumeScript, [String(calls)], 120_000), "timing a call and a resume");
}

/** Costs within this fraction of each other count as about the same: timeit's best runs still wobble by a few per cent. */
export const aboutTheSame = 0.1;

/** The CPython measurement in one sentence, with whether it bears out the source text. */
export function pythonCallVerdict(cost: PythonCallCost | undefined, python = defaultPython): string {
  const said = words();
  if (cost === undefined) return said.noPython(python);
  const ratio = cost.callNs / cost.resumeNs;
  const verdict = ratio > 1 + aboutTheSame ? said.pythonHolds : ratio < 1 - aboutTheSame ? said.pythonFails : said.pythonAlike;
  return said.python(cost.python, fixed(cost.callNs, 0), fixed(cost.resumeNs, 0), verdict);
}
