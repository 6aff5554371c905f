// Helpers of the notebook "Performance": the CPU each I/O request costs, the three anti-patterns of
// process pools (each as a measurement that reuses one runner, so worker start-up stays out of the
// numbers), and the threads-plus-fork hazard in CPython.
import fs from "node:fs";
import { courseLocale, fixed, inCourseLanguage } from "../language";
import { wholeTaskSpeedup } from "../measure/amdahl";
import { median } from "../measure/stats";
import type { ProgressCallback } from "../measure/progress";
import type { TableColumn } from "../plot";
import { createRunner, type LocalRunnerKind } from "../runners/create-runner";
import type { Runner } from "../runners/runner";
import { defineTask, type TaskLike } from "../runners/task";
import { calibrateCountPrimes, countPrimes, countPrimesTask } from "../workloads/cpu";
import { fetchPageTask } from "../workloads/io";
import type { LatencyServerProcess } from "../workloads/latency-server-process";
import { defaultPython, jsonFrom, runPythonScript } from "./python";

// The words this module prints, per course language (see lib/language.ts).
const english = {
  cpu: (kind: string, speedup: string, workers: number, cores: number, tasks: number, wholeTasks: string) =>
    `${kind}: ${speedup}× one worker with ${workers} workers (${cores} cores; the most ${tasks} whole tasks allow: ${wholeTasks}×)`,
  io: (kind: string, speedup: string, inFlight: number, cores: number) => `${kind}: ${speedup}× one at a time with ${inFlight} in flight (on ${cores} cores)`,
  requestCpu: (asyncMs: string, threadsMs: string, ratio: string, serverMs: string) =>
    `Per request, the async client used ${asyncMs} ms of CPU and the thread client ${threadsMs} ms (${ratio}× as much); ` +
    `the server, in its own process, used ${serverMs} ms, counted apart.`,
  awaited: "each awaited",
  mapped: (chunksize: number) => `map, chunksize ${chunksize}`,
  roundTrips: (rows: string) => `${rows}.`,
  roundTripKind: (kind: string, awaited: string, bestApproach: string, best: string, times: string) =>
    `${kind}: ${awaited} tasks/s when each task is awaited before the next is sent, ${best} tasks/s with ${bestApproach} (${times}×)`,
  chunksizeProgress: (kind: string) => `${kind}: chunk sizes`,
  roundTripProgress: (kind: string) => `${kind}: round trips`,
  workPerTaskProgress: (kind: string) => `${kind}: work per task`,
  payloadProgress: (kind: string) => `${kind}: payload size`,
  step: "step",
  result: "result",
  yes: "yes",
  deadlock: "deadlock",
  noDeadlock: "no deadlock",
  forkHeld: "a thread of the parent holds a lock when the main thread calls os.fork()",
  forkChildWaited: (ms: string) => `the child tries to take the lock: still blocked after ${ms} ms, then killed`,
  forkChildGot: "the child took the lock",
  forkParentGot: "the parent's thread released the lock, and the parent took it again",
  forkWarning: (warning: string) => `Python warned: ${warning}`,
  forkNoWarning: "no warning from this Python (3.12 and later warn)",
  forkDeadlock: (python: string, ms: string, holdMs: number, parentGot: boolean) =>
    `In CPython ${python} the forked child deadlocked: its copy of the lock was still held after ${ms} ms, although the thread holding it ` +
    `let go after ${holdMs} ms in the parent${parentGot ? ", which could take the lock again" : ""}; the thread was not copied into the child, so nothing there could release it.`,
  forkNoDeadlock: (python: string) => `In CPython ${python} the forked child got the lock: the holder had let go before the fork. Run the cell again.`,
  noPython: (python: string) => `No Python at ${python}: the threads-plus-fork hazard is described, not measured here.`,
};

const german: typeof english = {
  cpu: (kind, speedup, workers, cores, tasks, wholeTasks) =>
    `${kind}: ${speedup}× so viel wie ein Worker, mit ${workers} Workern (${cores} Kerne; ${tasks} ganze Aufgaben lassen höchstens ${wholeTasks}× zu)`,
  io: (kind, speedup, inFlight, cores) => `${kind}: ${speedup}× so viel wie einzeln, mit ${inFlight} gleichzeitig (auf ${cores} Kernen)`,
  requestCpu: (asyncMs, threadsMs, ratio, serverMs) =>
    `Pro Anfrage verbrauchte der async-Client ${asyncMs} ms CPU-Zeit und der Thread-Client ${threadsMs} ms (${ratio}× so viel); ` +
    `der Server in seinem eigenen Prozess verbrauchte ${serverMs} ms, getrennt gezählt.`,
  awaited: "jede einzeln abgewartet",
  mapped: (chunksize) => `map, chunksize ${chunksize}`,
  roundTrips: (rows) => `${rows}.`,
  roundTripKind: (kind, awaited, bestApproach, best, times) =>
    `${kind}: ${awaited} Aufgaben/s, wenn jede Aufgabe abgewartet wird, bevor die nächste hinausgeht, ${best} Aufgaben/s mit ${bestApproach} (${times}×)`,
  chunksizeProgress: (kind) => `${kind}: Paketgrößen`,
  roundTripProgress: (kind) => `${kind}: Roundtrips`,
  workPerTaskProgress: (kind) => `${kind}: Arbeit pro Aufgabe`,
  payloadProgress: (kind) => `${kind}: Nutzlastgröße`,
  step: "Schritt",
  result: "Ergebnis",
  yes: "ja",
  deadlock: "Deadlock",
  noDeadlock: "kein Deadlock",
  forkHeld: "ein Thread des Elternprozesses hält eine Sperre, als der Hauptthread os.fork() aufruft",
  forkChildWaited: (ms) => `das Kind versucht, die Sperre zu nehmen: nach ${ms} ms noch blockiert, dann beendet`,
  forkChildGot: "das Kind hat die Sperre genommen",
  forkParentGot: "der Thread des Elternprozesses hat die Sperre freigegeben, und der Elternprozess hat sie wieder genommen",
  forkWarning: (warning) => `Python warnte: ${warning}`,
  forkNoWarning: "keine Warnung von diesem Python (ab 3.12 warnt es)",
  forkDeadlock: (python, ms, holdMs, parentGot) =>
    `In CPython ${python} hat sich das per fork erzeugte Kind verklemmt (Deadlock): Seine Kopie der Sperre war nach ${ms} ms noch gesperrt, obwohl der haltende Thread ` +
    `sie im Elternprozess nach ${holdMs} ms freigegeben hatte${parentGot ? ", wo sie sich danach wieder nehmen ließ" : ""}; der Thread wurde nicht ins Kind kopiert, also konnte sie dort niemand freigeben.`,
  forkNoDeadlock: (python) =>
    `In CPython ${python} hat das per fork erzeugte Kind die Sperre bekommen: Der haltende Thread hatte sie vor dem fork freigegeben. Führt die Zelle noch einmal aus.`,
  noPython: (python) => `Kein Python unter ${python}: Die Gefahr von Threads plus fork wird hier beschrieben, nicht gemessen.`,
};

/** What this module prints, in the language the notebook set. */
export function performanceWords(): typeof english {
  return inCourseLanguage({ en: english, de: german });
}

/** A step of the fork demonstrations and its result: a text, or a yes/no that tables print in the course language. */
export interface ForkStep {
  step: string;
  result: string | boolean;
}

/** The columns of a table of steps and their results (the fork demonstrations). */
export const stepColumns: readonly TableColumn<ForkStep>[] = [
  { key: "step", title: { en: english.step, de: german.step } },
  { key: "result", title: { en: english.result, de: german.result } },
];

/** "threads: 1.92× one worker with 2 workers (2 cores; the most 24 whole tasks allow: 2.00×)". */
export function cpuVerdict(kind: string, speedup: number, workers: number, cores: number, tasks: number): string {
  return performanceWords().cpu(kind, fixed(speedup, 2), workers, cores, tasks, fixed(wholeTaskSpeedup(tasks, workers), 2));
}

/** "async: 14.8× one at a time with 16 in flight (on 2 cores)". */
export function ioVerdict(kind: string, speedup: number, inFlight: number, cores: number): string {
  return performanceWords().io(kind, fixed(speedup, 1), inFlight, cores);
}

export interface RequestCpuRow {
  kind: LocalRunnerKind;
  inFlight: number;
  /** CPU time of this process (client and its worker threads) per request. */
  clientCpuMs: number;
  /** CPU time of the server's process per request. */
  serverCpuMs: number;
}

/**
 * CPU time per request of `requests` requests to a latency server in its own process, sent by a
 * runner of `kind` with `workers` in flight: this process's (the client's, threads included) and
 * the server's, apart. Worker start-up is left out.
 */
export async function cpuPerRequest(server: LatencyServerProcess, kind: LocalRunnerKind, workers: number, requests: number): Promise<RequestCpuRow> {
  const urls = Array.from({ length: requests }, () => server.urlFor());
  const runner = createRunner(kind, { workers });
  try {
    await runner.map(fetchPageTask, urls.slice(0, workers), { chunksize: 1 }); // start the workers outside the count
    const serverBefore = await server.stats();
    const before = process.cpuUsage();
    await runner.map(fetchPageTask, urls, { chunksize: 1 });
    const used = process.cpuUsage(before);
    const serverAfter = await server.stats();
    return {
      kind,
      inFlight: workers,
      clientCpuMs: (used.user + used.system) / 1000 / requests,
      serverCpuMs: (serverAfter.cpuMs - serverBefore.cpuMs) / requests,
    };
  } finally {
    await runner.close();
  }
}

/** cpuPerRequest's async and threads rows as one sentence. */
export function requestCpuVerdict(rows: readonly RequestCpuRow[]): string {
  const of = (kind: string) => rows.find((row) => row.kind === kind);
  const asyncRow = of("async");
  const threadRow = of("threads");
  if (asyncRow === undefined || threadRow === undefined) throw new RangeError("requestCpuVerdict needs an async and a threads row from cpuPerRequest.");
  const serverMs = (asyncRow.serverCpuMs + threadRow.serverCpuMs) / 2;
  return performanceWords().requestCpu(
    fixed(asyncRow.clientCpuMs, 3),
    fixed(threadRow.clientCpuMs, 3),
    fixed(threadRow.clientCpuMs / asyncRow.clientCpuMs, 1),
    fixed(serverMs, 3),
  );
}

/** CPU work that also receives a payload it does not use: the cost of the data is the trip. */
export function primesWithPayload(input: { primesBelow: number; payload: unknown }): number {
  return countPrimes(input.primesBelow);
}

export const primesWithPayloadTask = defineTask(__filename, primesWithPayload);

/** Seconds of one call. */
async function secondsOf(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

/** Median seconds of `repetitions` runs of fn, after one untimed run. */
async function medianSeconds(fn: () => Promise<unknown>, repetitions: number): Promise<number> {
  await fn();
  const seconds: number[] = [];
  for (let run = 0; run < repetitions; run += 1) seconds.push(await secondsOf(fn));
  return median(seconds);
}

/** Runs body with a fresh runner whose workers are already started, and closes it after. */
async function withWarmRunner<T>(kind: LocalRunnerKind, workers: number, body: (runner: Runner) => Promise<T>): Promise<T> {
  const runner = createRunner(kind, { workers });
  try {
    await runner.map(
      (x: number) => x,
      Array.from({ length: workers }, (_, index) => index),
      { chunksize: 1 },
    );
    return await body(runner);
  } finally {
    await runner.close();
  }
}

export interface ChunksizeRecord {
  kind: LocalRunnerKind;
  workers: number;
  chunksize: number;
  tasks: number;
  /** Messages to the workers per run: one per chunk. */
  roundTrips: number;
  seconds: number;
  tasksPerSecond: number;
}

/** Throughput of one workload through `map` at each chunk size (anti-pattern 1: too many round trips). */
export async function measureChunksizes<I>(options: {
  kind: LocalRunnerKind;
  workers: number;
  task: TaskLike<I, unknown>;
  inputs: readonly I[];
  chunksizes: readonly number[];
  repetitions?: number;
  onProgress?: ProgressCallback;
}): Promise<ChunksizeRecord[]> {
  const { kind, workers, task, inputs, chunksizes } = options;
  return withWarmRunner(kind, workers, async (runner) => {
    const records: ChunksizeRecord[] = [];
    for (const chunksize of chunksizes) {
      const seconds = await medianSeconds(() => runner.map(task, inputs, { chunksize }), options.repetitions ?? 3);
      const tasks = inputs.length;
      records.push({ kind, workers, chunksize, tasks, roundTrips: Math.ceil(tasks / chunksize), seconds, tasksPerSecond: tasks / seconds });
      options.onProgress?.({ label: performanceWords().chunksizeProgress(kind), done: records.length, total: chunksizes.length });
    }
    return records;
  });
}

export interface RoundTripRecord {
  kind: LocalRunnerKind;
  /** "each awaited", or "map, chunksize N". */
  approach: string;
  /** Messages to the workers per run. */
  messages: number;
  tasksPerSecond: number;
}

/**
 * Anti-pattern 1, too many round trips: the same tiny tasks sent one at a time, each awaited before
 * the next is sent (Python: Pool.apply in a loop), and with one map per run at each chunk size.
 */
export async function measureRoundTripStyles<I>(options: {
  kind: LocalRunnerKind;
  workers: number;
  task: TaskLike<I, unknown>;
  inputs: readonly I[];
  chunksizes: readonly number[];
  repetitions?: number;
  onProgress?: ProgressCallback;
}): Promise<RoundTripRecord[]> {
  const { kind, workers, task, inputs } = options;
  const repetitions = options.repetitions ?? 3;
  const awaited = await withWarmRunner(kind, workers, (runner) =>
    medianSeconds(async () => {
      for (const input of inputs) await runner.submit(task, input);
    }, repetitions),
  );
  options.onProgress?.({ label: performanceWords().roundTripProgress(kind), done: 1, total: options.chunksizes.length + 1 });
  const mapped = await measureChunksizes({
    ...options,
    onProgress: options.onProgress && ((update) => options.onProgress?.({ ...update, done: update.done + 1, total: update.total + 1 })),
  });
  const words = performanceWords();
  return [
    { kind, approach: words.awaited, messages: inputs.length, tasksPerSecond: inputs.length / awaited },
    ...mapped.map((record) => ({ kind, approach: words.mapped(record.chunksize), messages: record.roundTrips, tasksPerSecond: record.tasksPerSecond })),
  ];
}

/** Per kind: the awaited one-at-a-time throughput against the best map, in one sentence. */
export function roundTripVerdict(records: readonly RoundTripRecord[]): string {
  const words = performanceWords();
  const perSecond = (record: RoundTripRecord) => Math.round(record.tasksPerSecond).toLocaleString(courseLocale());
  const kinds = [...new Set(records.map((record) => record.kind))];
  return words.roundTrips(
    kinds
      .map((kind) => {
        const own = records.filter((record) => record.kind === kind);
        const awaited = own.find((record) => record.approach === words.awaited);
        const best = own.filter((record) => record !== awaited).reduce((a, b) => (b.tasksPerSecond > a.tasksPerSecond ? b : a));
        if (awaited === undefined) throw new RangeError(`roundTripVerdict needs the awaited record of "${kind}" from measureRoundTripStyles.`);
        return words.roundTripKind(kind, perSecond(awaited), best.approach, perSecond(best), fixed(best.tasksPerSecond / awaited.tasksPerSecond, 1));
      })
      .join("; "),
  );
}

export interface OverheadRecord {
  kind: LocalRunnerKind;
  workers: number;
  /** The work one task was calibrated to. */
  targetWorkMs: number;
  /** One task's work, timed in the caller. */
  workMs: number;
  tasks: number;
  /** Time the work would take spread perfectly over the workers. */
  idealSeconds: number;
  seconds: number;
  /**
   * Share of the run's time that was not useful work: 1 − ideal / measured (0 when measured beats
   * ideal), the median over rounds that each time the work and then the run.
   */
  overheadShare: number;
}

/**
 * Anti-pattern 2, too little work per trip: tasks of growing size sent one per message (chunksize 1),
 * each size with about `budgetMs` of work in total (at most maxTasks tasks). The work alone and the
 * run take turns, round by round, so that a share compares two timings that met the same load.
 */
export async function measureOverheadShare(options: {
  kind: LocalRunnerKind;
  workers: number;
  workMs: readonly number[];
  budgetMs: number;
  maxTasks?: number;
  repetitions?: number;
  onProgress?: ProgressCallback;
}): Promise<OverheadRecord[]> {
  const { kind, workers } = options;
  return withWarmRunner(kind, workers, async (runner) => {
    const records: OverheadRecord[] = [];
    for (const targetWorkMs of options.workMs) {
      const limit = calibrateCountPrimes(targetWorkMs);
      const tasks = Math.max(workers, Math.min(options.maxTasks ?? 2000, Math.round(options.budgetMs / targetWorkMs)));
      const inputs = Array.from({ length: tasks }, () => limit);
      const work = async (): Promise<void> => inputs.forEach(countPrimes);
      const run = () => runner.map(countPrimesTask, inputs, { chunksize: 1 });
      await work();
      await run();
      const rounds: { idealSeconds: number; seconds: number }[] = [];
      for (let round = 0; round < (options.repetitions ?? 3); round += 1) {
        const idealSeconds = (await secondsOf(work)) / workers;
        rounds.push({ idealSeconds, seconds: await secondsOf(run) });
      }
      const idealSeconds = median(rounds.map((round) => round.idealSeconds));
      const overheadShare = median(rounds.map((round) => Math.max(0, 1 - round.idealSeconds / round.seconds)));
      const workMs = (1000 * idealSeconds * workers) / tasks;
      records.push({ kind, workers, targetWorkMs, workMs, tasks, idealSeconds, seconds: median(rounds.map((round) => round.seconds)), overheadShare });
      options.onProgress?.({ label: performanceWords().workPerTaskProgress(kind), done: records.length, total: options.workMs.length });
    }
    return records;
  });
}

export interface PayloadRecord {
  kind: LocalRunnerKind;
  workers: number;
  payloadBytes: number;
  tasks: number;
  seconds: number;
  tasksPerSecond: number;
}

/** Anti-pattern 3, too much data per trip: the same CPU task sent with payloads of growing size. */
export async function measurePayloadThroughput(options: {
  kind: LocalRunnerKind;
  workers: number;
  primesBelow: number;
  tasks: number;
  payloadBytes: readonly number[];
  repetitions?: number;
  onProgress?: ProgressCallback;
}): Promise<PayloadRecord[]> {
  const { kind, workers, tasks } = options;
  return withWarmRunner(kind, workers, async (runner) => {
    const records: PayloadRecord[] = [];
    for (const payloadBytes of options.payloadBytes) {
      // Text survives every channel (JSON included) and its size in bytes is its length.
      const inputs = Array.from({ length: tasks }, () => ({ primesBelow: options.primesBelow, payload: "x".repeat(payloadBytes) }));
      const seconds = await medianSeconds(() => runner.map(primesWithPayloadTask, inputs, { chunksize: 1 }), options.repetitions ?? 3);
      records.push({ kind, workers, payloadBytes, tasks, seconds, tasksPerSecond: tasks / seconds });
      options.onProgress?.({ label: performanceWords().payloadProgress(kind), done: records.length, total: options.payloadBytes.length });
    }
    return records;
  });
}

// ---------------------------------------------------------------------------------------------
// Threads plus fork in CPython (bugs.python.org issue 27422): the forked child inherits a lock held by
// a thread that was not copied, so nobody in the child can ever release it.

const forkHazardScript = `
import json, os, platform, signal, sys, threading, time, warnings

hold_s, wait_s = float(sys.argv[1]), float(sys.argv[2])
lock = threading.Lock()
holding = threading.Event()

def holder():
    with lock:
        holding.set()
        time.sleep(hold_s)

threading.Thread(target=holder, daemon=True).start()
holding.wait()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    pid = os.fork()
if pid == 0:
    lock.acquire()  # the copy of the lock is held, and its holder does not exist here
    os._exit(0)
started = time.monotonic()
blocked = True
while time.monotonic() < started + wait_s:
    if os.waitpid(pid, os.WNOHANG)[0] != 0:
        blocked = False
        break
    time.sleep(0.01)
if blocked:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
child_blocked_ms = (time.monotonic() - started) * 1000
parent_got = lock.acquire(timeout=hold_s + 5)
print(json.dumps({"python": platform.python_version(), "childBlocked": blocked, "childBlockedMs": child_blocked_ms,
                  "parentGotLock": parent_got, "warning": str(caught[0].message) if caught else None}))
`;

export interface ForkHazardResult {
  python: string;
  /** The child was still waiting for the lock when it was killed. */
  childBlocked: boolean;
  childBlockedMs: number;
  /** After the holder released it, the parent could take the lock. */
  parentGotLock: boolean;
  /** Python 3.12+ warns when a process with threads forks. */
  warning: string | null;
}

/**
 * Runs the hazard in `python`: a thread holds a lock for holdMs while the main thread forks; the
 * child tries to take the lock and is killed after waitMs. Undefined when there is no such Python.
 */
export async function pythonForkHazard(options: { holdMs: number; waitMs: number; python?: string }): Promise<ForkHazardResult | undefined> {
  const python = options.python ?? defaultPython;
  if (!fs.existsSync(python)) return undefined;
  const run = await runPythonScript(
    python,
    forkHazardScript,
    [String(options.holdMs / 1000), String(options.waitMs / 1000)],
    options.waitMs + options.holdMs + 30_000,
  );
  return jsonFrom<ForkHazardResult>(run, "forking with a thread that holds a lock");
}

/** The Python run as steps for a table. */
export function forkHazardSteps(result: ForkHazardResult): ForkStep[] {
  const words = performanceWords();
  return [
    { step: words.forkHeld, result: words.yes },
    {
      step: result.childBlocked ? words.forkChildWaited(result.childBlockedMs.toFixed(0)) : words.forkChildGot,
      result: result.childBlocked ? words.deadlock : words.noDeadlock,
    },
    { step: words.forkParentGot, result: result.parentGotLock },
    { step: result.warning === null ? words.forkNoWarning : words.forkWarning(result.warning), result: result.warning === null ? "—" : "DeprecationWarning" },
  ];
}

/** The Python run in one sentence. */
export function forkHazardVerdict(result: ForkHazardResult | undefined, holdMs: number, python = defaultPython): string {
  const words = performanceWords();
  if (result === undefined) return words.noPython(python);
  return result.childBlocked
    ? words.forkDeadlock(result.python, result.childBlockedMs.toFixed(0), holdMs, result.parentGotLock)
    : words.forkNoDeadlock(result.python);
}
