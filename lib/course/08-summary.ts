// Helpers of the notebook "Summary": a decision-table row from throughput records, timing whole
// designs of an app (functions that process the same items in different ways, also at several
// amounts of CPU work per item), profiling before choosing, and the source text's overview table
// filled with numbers measured in this run.
import { Session } from "node:inspector/promises";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fixed, inCourseLanguage, localized, type CourseText } from "../language";
import type { ProgressCallback } from "../measure/progress";
import { measureSerializationCost } from "../measure/serialization-cost";
import { median } from "../measure/stats";
import type { ThroughputRecord } from "../measure/throughput";
import { projectRoot } from "../runners/build-paths";
import { createRunner } from "../runners/create-runner";
import { exposeOnMainLoop } from "../runners/main-loop/main-loop-handlers";
import { calibrateCountPrimes } from "../workloads/cpu";
import { askMainLoopTask } from "./04-separation";
import { awaitCost, threadHandOverCost } from "./05-switching";

// The words this module prints, per course language (see lib/language.ts).
const english = {
  profile: (top: string, share: number, delayP99: string, delayMax: string) =>
    `The profile spent ${share} % of its busy samples in ${top}; meanwhile the event loop was late by up to ${delayMax} ms (99th percentile ${delayP99} ms).`,
  app: (mixedVsAsync: string, mixedVsProcesses: string) => `mixed vs all async: ${mixedVsAsync}×, mixed vs all processes: ${mixedVsProcesses}×`,
  designProgress: "app designs",
  overviewProgress: "overview measurements",
  criteria: ["separation (Trennung)", "switching (Wechsel)", "tooling", "performance"],
  separation: {
    threads: (ms: string) => `share memory (SharedArrayBuffer); other data is copied: a 100 kB round trip took ${ms} ms`,
    processes: (ms: string) => `share nothing; data is serialized: a 100 kB round trip took ${ms} ms`,
    async: (ms: string) => `one thread shares every object; a job from a worker thread to the loop (runOnMainLoop) took ${ms} ms`,
  },
  switching: {
    threads: (us: string) => `preemptive, at any moment: waking a sleeping thread took ${us} µs`,
    processes: (us: string) => `preemptive; every task is a round trip: ${us} µs for an empty one`,
    async: (ns: string) => `cooperative, only at await: one await took ${ns} ns`,
  },
  tooling: {
    threads: "Mutex and SharedQueue (06); locks are hard to reason about in larger programs",
    processes: "map, imapUnordered, the inline runner for testing first (06)",
    async: "Promise, gather, asCompleted, AsyncSemaphore, AsyncQueue, TaskGroup, AbortSignal, non-blocking I/O (06)",
  },
  performance: (cpu: number, io: number) =>
    `CPU-bound ${Math.round(cpu).toLocaleString("en-US")} tasks/s, I/O-bound ${Math.round(io).toLocaleString("en-US")} requests/s`,
  measurements: {
    threadRoundTripMs: "100 kB there and back to a worker thread",
    processRoundTripMs: "100 kB there and back to a child process (v8.serialize)",
    mainLoopJobMs: "a job from a worker thread to the main loop and back",
    threadHandOverUs: "waking a thread that sleeps in Atomics.wait",
    processEmptyTripUs: "an empty task to a child process and back",
    awaitNs: "one await of an async function",
  },
};

const german: typeof english = {
  profile: (top, share, delayP99, delayMax) =>
    `Das Profil fand ${share} % seiner aktiven Stichproben in ${top}; währenddessen war die Event-Loop um bis zu ${delayMax} ms verspätet (99. Perzentil: ${delayP99} ms).`,
  app: (mixedVsAsync, mixedVsProcesses) => `gemischt gegenüber alles async: ${mixedVsAsync}×, gemischt gegenüber alles in Prozessen: ${mixedVsProcesses}×`,
  designProgress: "Entwürfe der Anwendung",
  overviewProgress: "Messungen für den Überblick",
  criteria: ["Trennung", "Wechsel", "Tooling", "Performance"],
  separation: {
    threads: (ms) => `teilen Speicher (SharedArrayBuffer); andere Daten werden kopiert: ein Roundtrip mit 100 kB dauerte ${ms} ms`,
    processes: (ms) => `teilen nichts; Daten werden serialisiert: ein Roundtrip mit 100 kB dauerte ${ms} ms`,
    async: (ms) => `ein Thread teilt sich jedes Objekt; ein Auftrag von einem Worker-Thread an die Event-Loop (runOnMainLoop) dauerte ${ms} ms`,
  },
  switching: {
    threads: (us) => `präemptiv, in jedem Moment: einen schlafenden Thread zu wecken dauerte ${us} µs`,
    processes: (us) => `präemptiv; jede Aufgabe ist ein Roundtrip: ${us} µs für eine leere`,
    async: (ns) => `kooperativ, nur bei await: ein await dauerte ${ns} ns`,
  },
  tooling: {
    threads: "Mutex und SharedQueue (06); Sperren sind in größeren Programmen schwer zu durchschauen",
    processes: "map, imapUnordered, der Runner inline, um zuerst im aufrufenden Thread zu testen (06)",
    async: "Promise, gather, asCompleted, AsyncSemaphore, AsyncQueue, TaskGroup, AbortSignal, nicht blockierende I/O (06)",
  },
  performance: (cpu, io) => `CPU-lastig ${Math.round(cpu).toLocaleString("de-DE")} Aufgaben/s, I/O-lastig ${Math.round(io).toLocaleString("de-DE")} Anfragen/s`,
  measurements: {
    threadRoundTripMs: "100 kB zu einem Worker-Thread und zurück",
    processRoundTripMs: "100 kB zu einem Kindprozess und zurück (v8.serialize)",
    mainLoopJobMs: "ein Auftrag von einem Worker-Thread an die Event-Loop des Hauptthreads und zurück",
    threadHandOverUs: "einen Thread wecken, der in Atomics.wait schläft",
    processEmptyTripUs: "eine leere Aufgabe zu einem Kindprozess und zurück",
    awaitNs: "ein await einer async-Funktion",
  },
};

/** What this module prints, in the language the notebook set. */
export function summaryWords(): typeof english {
  return inCourseLanguage({ en: english, de: german });
}

const units: Record<keyof OverviewMeasurements, string> = {
  threadRoundTripMs: "ms",
  processRoundTripMs: "ms",
  mainLoopJobMs: "ms",
  threadHandOverUs: "µs",
  processEmptyTripUs: "µs",
  awaitNs: "ns",
};

/** V8's name for the samples the garbage collector takes: busy time, though outside any script. */
const v8GarbageCollector = "(garbage collector)";

const decisionKinds = ["async", "threads", "processes"] as const;

export interface DecisionRow {
  workload: string;
  workers: number;
  /** Throughput (tasks/s) of each model at that worker count. */
  async: number;
  threads: number;
  processes: number;
  best: string;
  /** How far the best is ahead of the runner-up: "1.8×". */
  lead: string;
}

/** One row of the decision table: the three models' throughput on one workload (named in one or both languages), the best named. */
export function decisionRow(workload: CourseText, records: readonly ThroughputRecord[]): DecisionRow {
  const throughput = (kind: string): number => {
    const record = records.find((candidate) => candidate.kind === kind);
    if (record === undefined) throw new RangeError(`decisionRow("${localized(workload)}") needs a ${kind} record; measure kinds ${decisionKinds.join(", ")}.`);
    return record.tasksPerSecond;
  };
  const ranked = decisionKinds.map((kind) => ({ kind, tasksPerSecond: throughput(kind) })).sort((a, b) => b.tasksPerSecond - a.tasksPerSecond);
  return {
    workload: localized(workload),
    workers: records[0]?.workers ?? 0,
    async: throughput("async"),
    threads: throughput("threads"),
    processes: throughput("processes"),
    best: ranked[0].kind,
    lead: `${fixed(ranked[0].tasksPerSecond / ranked[1].tasksPerSecond, 1)}×`,
  };
}

export interface DesignRecord {
  design: string;
  items: number;
  /** Median wall time of one run over all items. */
  seconds: number;
  itemsPerSecond: number;
}

/** One way to build the app: its name, and a function that processes all items once. */
export interface Design {
  /** The name tables and figures show, in one or both course languages. */
  design: CourseText;
  run: () => Promise<unknown>;
}

/** Times each design: one untimed run, then the median of `repetitions`; one record per design, in order. */
export async function timeDesigns(
  designs: readonly Design[],
  options: { items: number; repetitions?: number; onProgress?: ProgressCallback },
): Promise<DesignRecord[]> {
  const repetitions = options.repetitions ?? 3;
  const total = designs.length * (repetitions + 1);
  const records: DesignRecord[] = [];
  let done = 0;
  for (const { design, run } of designs) {
    const seconds: number[] = [];
    for (let round = 0; round <= repetitions; round += 1) {
      const started = performance.now();
      await run();
      if (round > 0) seconds.push((performance.now() - started) / 1000);
      done += 1;
      options.onProgress?.({ label: summaryWords().designProgress, done, total });
    }
    const typical = median(seconds);
    records.push({ design: localized(design), items: options.items, seconds: typical, itemsPerSecond: options.items / typical });
  }
  return records;
}

/** The mixed design's throughput against the other two, from timeDesigns' records of all async, all processes and mixed, in that order. */
export function appVerdict(records: readonly DesignRecord[]): string {
  if (records.length !== 3) throw new RangeError(`appVerdict needs the records of three designs (all async, all processes, mixed), got ${records.length}.`);
  const [allAsync, allProcesses, mixed] = records.map((record) => record.itemsPerSecond);
  return summaryWords().app(fixed(mixed / allAsync, 1), fixed(mixed / allProcesses, 1));
}

export interface ComputeSizeRecord {
  /** CPU work per item the designs were timed with. */
  computeMs: number;
  design: string;
  itemsPerSecond: number;
}

/**
 * Times the designs once per amount of CPU work per item: for each entry of `computeMsPerItem`,
 * calibrates countPrimes to take about that long, asks `designsFor(primesBelow)` for the designs
 * at that limit and times them with timeDesigns. One row per amount and design, in that order.
 */
export async function timeDesignsAtComputeSizes(
  computeMsPerItem: readonly number[],
  designsFor: (primesBelow: number) => readonly Design[],
  options: { items: number; repetitions?: number; onProgress?: ProgressCallback },
): Promise<ComputeSizeRecord[]> {
  const rows: ComputeSizeRecord[] = [];
  for (const computeMs of computeMsPerItem) {
    const timed = await timeDesigns(designsFor(calibrateCountPrimes(computeMs)), options);
    rows.push(...timed.map((record) => ({ computeMs, design: record.design, itemsPerSecond: record.itemsPerSecond })));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Profile first: where the time goes, and how late the event loop is meanwhile.

export interface ProfileRow {
  /** Function name and where it is defined. */
  function: string;
  selfMs: number;
  /** Share of the busy samples (idle time left out). */
  share: number;
}

export interface ProfileResult<T> {
  result: T;
  functions: ProfileRow[];
  loopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

function functionLabel(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName === "" ? "(anonymous)" : functionName;
  if (url === "") return name;
  const file = url.startsWith("file://") ? new URL(url).pathname : url;
  const shown = file.startsWith(projectRoot) ? path.relative(projectRoot, file) : path.basename(file);
  return `${name} (${shown}:${lineNumber + 1})`;
}

/**
 * Runs `work` under V8's sampling profiler (node:inspector, the same data as node --cpu-prof) and
 * perf_hooks.monitorEventLoopDelay, on this thread; returns the busiest JavaScript functions by self
 * time (and the garbage collector), their share of all such samples, and the event loop's delay.
 */
export async function profileWhile<T>(work: () => Promise<T>, options: { top?: number } = {}): Promise<ProfileResult<T>> {
  const session = new Session();
  session.connect();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 500 });
    await session.post("Profiler.start");
    delay.enable();
    const result = await work();
    delay.disable();
    const { profile } = await session.post("Profiler.stop");
    const nodes = new Map((profile.nodes as ProfileNode[]).map((node) => [node.id, node]));
    const selfMs = new Map<string, number>();
    (profile.samples ?? []).forEach((id, index) => {
      const node = nodes.get(id)!;
      // Samples outside any script (idle, the event loop waiting in native code) are not busy time.
      if (node.callFrame.url === "" && node.callFrame.functionName !== v8GarbageCollector) return;
      const label = functionLabel(node);
      selfMs.set(label, (selfMs.get(label) ?? 0) + (profile.timeDeltas?.[index] ?? 0) / 1000);
    });
    const busy = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
    const functions = [...selfMs.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.top ?? 5)
      .map(([label, ms]) => ({ function: label, selfMs: ms, share: busy === 0 ? 0 : ms / busy }));
    const ms = (nanoseconds: number) => nanoseconds / 1e6;
    return { result, functions, loopDelay: { p50Ms: ms(delay.percentile(50)), p99Ms: ms(delay.percentile(99)), maxMs: ms(delay.max) } };
  } finally {
    delay.disable();
    await session.post("Profiler.disable").catch(() => undefined);
    session.disconnect();
  }
}

/** The profile in one sentence: the busiest function and the event loop's lateness. */
export function profileVerdict(profile: Pick<ProfileResult<unknown>, "functions" | "loopDelay">): string {
  const [top] = profile.functions;
  if (top === undefined) throw new RangeError("profileVerdict needs a profile with at least one busy function.");
  return summaryWords().profile(top.function, Math.round(100 * top.share), fixed(profile.loopDelay.p99Ms, 1), fixed(profile.loopDelay.maxMs, 1));
}

// ---------------------------------------------------------------------------------------------
// The source text's overview (Überblick): four criteria × three models, with this run's numbers.

export interface OverviewMeasurements {
  threadRoundTripMs: number;
  processRoundTripMs: number;
  mainLoopJobMs: number;
  threadHandOverUs: number;
  processEmptyTripUs: number;
  awaitNs: number;
}

/** The small measurements the overview needs, each a median of a few runs. */
export async function measureOverview(options: { onProgress?: ProgressCallback } = {}): Promise<OverviewMeasurements> {
  const total = 5;
  const step = (done: number) => options.onProgress?.({ label: summaryWords().overviewProgress, done, total });
  const copies = await measureSerializationCost({ sizes: [100_000], channels: ["thread", "process-advanced"], repetitions: 5 });
  const copyMs = (channel: string) => copies.find((record) => record.channel === channel)!.roundTripMs;
  step(1);
  const stop = exposeOnMainLoop("overview-echo", async (input: number) => input);
  const threads = createRunner("threads", { workers: 1 });
  let mainLoopJobMs: number;
  try {
    await threads.submit(askMainLoopTask, { name: "overview-echo", input: 0 });
    const times: number[] = [];
    for (let run = 0; run < 20; run += 1) {
      const started = performance.now();
      await threads.submit(askMainLoopTask, { name: "overview-echo", input: run });
      times.push(performance.now() - started);
    }
    mainLoopJobMs = median(times);
  } finally {
    stop();
    await threads.close();
  }
  step(2);
  const threadHandOverUs = await threadHandOverCost(5000);
  step(3);
  const processes = createRunner("processes", { workers: 1 });
  let processEmptyTripUs: number;
  try {
    await processes.submit((input: number) => input, 0);
    const times: number[] = [];
    for (let run = 0; run < 50; run += 1) {
      const started = performance.now();
      await processes.submit((input: number) => input, run);
      times.push(1000 * (performance.now() - started));
    }
    processEmptyTripUs = median(times);
  } finally {
    await processes.close();
  }
  step(4);
  const awaitNs = await awaitCost(200_000);
  step(5);
  return { threadRoundTripMs: copyMs("thread"), processRoundTripMs: copyMs("process-advanced"), mainLoopJobMs, threadHandOverUs, processEmptyTripUs, awaitNs };
}

/** The overview's measurements as table rows: what was measured, its value and its unit. */
export function overviewMeasurementRows(
  measured: OverviewMeasurements,
): { measurement: string; value: number; unit: string; key: keyof OverviewMeasurements }[] {
  const { measurements } = summaryWords();
  return (Object.keys(measurements) as (keyof OverviewMeasurements)[]).map((key) => ({
    key,
    measurement: measurements[key],
    value: measured[key],
    unit: units[key],
  }));
}

export interface OverviewRow {
  criterion: string;
  threads: string;
  processes: string;
  async: string;
}

/** The overview's four rows: the measurements above, and the decision table's CPU-bound and I/O-bound rows. */
export function overviewRows(measured: OverviewMeasurements, decisions: { cpu: DecisionRow; io: DecisionRow }): OverviewRow[] {
  const words = summaryWords();
  const [separation, switching, tooling, performance] = words.criteria;
  return [
    {
      criterion: separation,
      threads: words.separation.threads(fixed(measured.threadRoundTripMs, 2)),
      processes: words.separation.processes(fixed(measured.processRoundTripMs, 2)),
      async: words.separation.async(fixed(measured.mainLoopJobMs, 2)),
    },
    {
      criterion: switching,
      threads: words.switching.threads(fixed(measured.threadHandOverUs, 1)),
      processes: words.switching.processes(fixed(measured.processEmptyTripUs, 0)),
      async: words.switching.async(fixed(measured.awaitNs, 0)),
    },
    { criterion: tooling, ...words.tooling },
    {
      criterion: performance,
      threads: words.performance(decisions.cpu.threads, decisions.io.threads),
      processes: words.performance(decisions.cpu.processes, decisions.io.processes),
      async: words.performance(decisions.cpu.async, decisions.io.async),
    },
  ];
}
