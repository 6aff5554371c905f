// Helpers of the notebook "The Global Interpreter Lock": CPU and I/O tasks that run under the
// simulated GIL in worker threads, and the Python baseline (threads vs processes in real CPython).
import fs from "node:fs";
import os from "node:os";
import { fixed, inCourseLanguage, localized, type Bilingual } from "../language";
import { measureSubjects, type ThroughputRecord, type ThroughputSubject } from "../measure/throughput";
import type { TimerLatenessSample } from "../measure/timer-lateness";
import type { LocalRunnerKind } from "../runners/create-runner";
import type { Runner } from "../runners/runner";
import { defineTask, type TaskLike } from "../runners/task";
import { sleepThread } from "../sync/blocking-wait";
import type { SimulatedGIL } from "../sync/simulated-gil";
import { median } from "../measure/stats";
import { countPrimesInRange, countPrimesMs } from "../workloads/cpu";
import { defaultPython, jsonFrom, runPythonScript } from "./python";

/** Candidates tested between two offers of the GIL: short enough for a 5 ms switch interval. */
const candidatesPerSlice = 64;

/**
 * Counts primes below `limit` (the same work as countPrimes), slice by slice. With a `gil`, the
 * thread holds it while computing and offers it after every slice, as CPython does every switch interval.
 */
export function primesUnderGil(input: { gil?: SimulatedGIL; limit: number }): number {
  const gil = input.gil;
  gil?.acquire();
  let count = 0;
  try {
    for (let from = 2; from < input.limit; from += candidatesPerSlice) {
      count += countPrimesInRange(from, Math.min(from + candidatesPerSlice, input.limit));
      gil?.checkpoint();
    }
  } finally {
    gil?.release();
  }
  return count;
}

/**
 * A request-like task: a little computation, then `ioMs` of blocking I/O. With a `gil`, the
 * computation holds it and the I/O releases it, like a system call in CPython.
 */
export function requestUnderGil(input: { gil?: SimulatedGIL; ioMs: number; limit: number }): number {
  const primes = primesUnderGil({ gil: input.gil, limit: input.limit });
  if (input.gil === undefined) {
    sleepThread(input.ioMs);
  } else {
    input.gil.acquire();
    input.gil.io(input.ioMs);
    input.gil.release();
  }
  return primes;
}

export const primesUnderGilTask = defineTask(__filename, primesUnderGil);
export const requestUnderGilTask = defineTask(__filename, requestUnderGil);

/** Speed-up at `workers` over one worker, per variant label. */
export function speedupAt(records: readonly ThroughputRecord[], workers: number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const record of records) {
    if (record.workers !== workers) continue;
    const single = records.find((other) => other.kind === record.kind && other.workers === 1);
    if (single !== undefined) result[record.kind] = record.tasksPerSecond / single.tasksPerSecond;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The Python baseline: the same experiment in CPython, with its real GIL.

export interface PythonBaselineOptions {
  /** The interpreter; default /usr/bin/python3. When it does not exist, the recorded figures are returned. */
  python?: string;
  workers?: readonly number[];
  /** CPU-bound tasks, each counting primes below cpuLimit in pure Python. */
  cpuTasks?: number;
  cpuLimit?: number;
  /** I/O-bound tasks, each sleeping ioMs (time.sleep releases the GIL). */
  ioTasks?: number;
  ioMs?: number;
  /** Timed runs per configuration; the median is kept. Default 3. */
  repetitions?: number;
}

export interface PythonBaselineRow {
  workload: "CPU-bound" | "I/O-bound";
  model: "threads" | "processes";
  workers: number;
  tasks: number;
  seconds: number;
  /** Time with one worker of the same model and workload, over this time. */
  speedup: number;
}

export interface PythonBaseline {
  /** "measured" just now, or "recorded" earlier (see date and machine) because no Python was found. */
  source: "measured" | "recorded";
  python: string;
  gilEnabled: boolean;
  date: string;
  /** Where it ran, in the course's languages (the sentences name it). */
  machine: Bilingual;
  rows: PythonBaselineRow[];
}

const baselineScript = `
import json, os, platform, statistics, sys, time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

def count_primes(limit):
    count = 0
    for candidate in range(2, limit):
        divisor = 2
        while divisor * divisor <= candidate:
            if candidate % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count

def wait(seconds):
    time.sleep(seconds)
    return seconds

def timed(pool_class, workers, fn, inputs, repetitions):
    with pool_class(max_workers=workers) as pool:
        list(pool.map(wait, [0] * workers))  # start the workers outside the timing
        times = []
        for _ in range(repetitions):
            started = time.perf_counter()
            list(pool.map(fn, inputs))
            times.append(time.perf_counter() - started)
        return statistics.median(times)

if __name__ == "__main__":
    options = json.loads(sys.argv[1])
    workloads = {
        "CPU-bound": (count_primes, [options["cpuLimit"]] * options["cpuTasks"]),
        "I/O-bound": (wait, [options["ioMs"] / 1000] * options["ioTasks"]),
    }
    models = {"threads": ThreadPoolExecutor, "processes": ProcessPoolExecutor}
    rows = []
    for workload, (fn, inputs) in workloads.items():
        for model, pool_class in models.items():
            for workers in options["workers"]:
                rows.append({"workload": workload, "model": model, "workers": workers, "tasks": len(inputs),
                             "seconds": timed(pool_class, workers, fn, inputs, options["repetitions"])})
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(json.dumps({"python": platform.python_version(), "gilEnabled": gil, "rows": rows}))
`;

/**
 * Measured with /usr/bin/python3 (CPython 3.11.2, Debian 12) on a 2-core virtual machine shared with
 * other jobs (load average about 1 during the run, so the second process had most of a core), on
 * 2026-11-26, with the notebook's defaults (cpuTasks 8, cpuLimit 60000, ioTasks 8, ioMs 50) and the
 * median of 5 timed runs per configuration. Shown only when no Python is found.
 */
export const recordedPythonBaseline: PythonBaseline = {
  source: "recorded",
  python: "3.11.2",
  gilEnabled: true,
  date: "2026-11-26",
  machine: {
    en: "Linux x64, 2 cores (virtual machine shared with other jobs, load ≈ 1), Debian 12; median of 5 runs",
    de: "Linux x64, 2 Kerne (virtuelle Maschine, mit anderen Jobs geteilt, Last ≈ 1), Debian 12; Median aus 5 Läufen",
  },
  rows: withSpeedups([
    { workload: "CPU-bound", model: "threads", workers: 1, tasks: 8, seconds: 0.617 },
    { workload: "CPU-bound", model: "threads", workers: 2, tasks: 8, seconds: 0.817 },
    { workload: "CPU-bound", model: "processes", workers: 1, tasks: 8, seconds: 0.567 },
    { workload: "CPU-bound", model: "processes", workers: 2, tasks: 8, seconds: 0.421 },
    { workload: "I/O-bound", model: "threads", workers: 1, tasks: 8, seconds: 0.403 },
    { workload: "I/O-bound", model: "threads", workers: 2, tasks: 8, seconds: 0.201 },
    { workload: "I/O-bound", model: "processes", workers: 1, tasks: 8, seconds: 0.406 },
    { workload: "I/O-bound", model: "processes", workers: 2, tasks: 8, seconds: 0.204 },
  ]),
};

function withSpeedups(rows: Omit<PythonBaselineRow, "speedup">[]): PythonBaselineRow[] {
  return rows.map((row) => {
    const single = rows.find((other) => other.workload === row.workload && other.model === row.model && other.workers === 1);
    return { ...row, speedup: single === undefined ? NaN : single.seconds / row.seconds };
  });
}

function machineOf(cores: number): Bilingual {
  const system = `${os.platform()} ${os.arch()}`;
  return { en: `${system}, ${cores} cores`, de: `${system}, ${cores} Kerne` };
}

/** Threads vs processes on a CPU-bound and an I/O-bound task in CPython; falls back to recordedPythonBaseline. */
export async function measurePythonBaseline(options: PythonBaselineOptions = {}): Promise<PythonBaseline> {
  const python = options.python ?? defaultPython;
  if (!fs.existsSync(python)) return recordedPythonBaseline;
  const settings = {
    workers: options.workers ?? [1, 2],
    cpuTasks: options.cpuTasks ?? 8,
    cpuLimit: options.cpuLimit ?? 60_000,
    ioTasks: options.ioTasks ?? 8,
    ioMs: options.ioMs ?? 50,
    repetitions: options.repetitions ?? 3,
  };
  if (!settings.workers.includes(1)) throw new RangeError("measurePythonBaseline needs 1 among the worker counts: speed-ups are relative to one worker.");
  const run = await runPythonScript(python, baselineScript, [JSON.stringify(settings)], 10 * 60_000);
  const result = jsonFrom<{ python: string; gilEnabled: boolean; rows: Omit<PythonBaselineRow, "speedup">[] }>(run, "running the baseline");
  return {
    source: "measured",
    python: result.python,
    gilEnabled: result.gilEnabled,
    date: new Date().toISOString().slice(0, 10),
    machine: machineOf(os.availableParallelism()),
    rows: withSpeedups(result.rows),
  };
}

const baselineWords = {
  en: {
    measured: (python: string, gilEnabled: boolean, machine: string) => `Measured now: Python ${python} (GIL enabled: ${gilEnabled}) on ${machine}.`,
    recorded: (python: string, machine: string, date: string) => `RECORDED figures, not measured on this machine: Python ${python}, ${machine}, ${date}.`,
  },
  de: {
    measured: (python: string, gilEnabled: boolean, machine: string) =>
      `Jetzt gemessen: Python ${python} (GIL aktiv: ${gilEnabled ? "ja" : "nein"}) auf ${machine}.`,
    recorded: (python: string, machine: string, date: string) =>
      `AUFGEZEICHNETE Werte, nicht auf diesem Rechner gemessen: Python ${python}, ${machine}, ${date}.`,
  },
};

/** Where the baseline's figures come from, in one sentence: measured just now, or recorded earlier. */
export function baselineSource(baseline: PythonBaseline): string {
  const words = inCourseLanguage(baselineWords);
  const machine = localized(baseline.machine);
  return baseline.source === "measured"
    ? words.measured(baseline.python, baseline.gilEnabled, machine)
    : words.recorded(baseline.python, machine, baseline.date);
}

// ---------------------------------------------------------------------------------------------
// The names the notebook shows for its variants, timer runs, workloads and models.

const labelWords = {
  en: {
    withGil: "threads + simulated GIL",
    noGil: "threads, no GIL",
    processes: "processes",
    idleLoop: "idle loop",
    mainThreadLoop: "CPU loop on the main thread",
    workerThreadLoop: "CPU loop in a worker thread",
    workloads: { "CPU-bound": "CPU-bound", "I/O-bound": "I/O-bound" } as Record<PythonBaselineRow["workload"], string>,
    models: { threads: "threads", processes: "processes" } as Record<PythonBaselineRow["model"], string>,
  },
  de: {
    withGil: "Threads + simuliertes GIL",
    noGil: "Threads ohne GIL",
    processes: "Prozesse",
    idleLoop: "untätige Loop",
    mainThreadLoop: "CPU-Schleife im Haupt-Thread",
    workerThreadLoop: "CPU-Schleife in einem Worker-Thread",
    workloads: { "CPU-bound": "CPU-lastig", "I/O-bound": "I/O-lastig" },
    models: { threads: "Threads", processes: "Prozesse" },
  },
};

/** The notebook's legend, table and progress names in its language; code looks variants up by them. */
export function gilLabels(): typeof labelWords.en {
  return inCourseLanguage(labelWords);
}

/** The baseline's rows as its table shows them: workload and model named in the notebook's language. */
export function baselineRowsInWords(
  rows: readonly PythonBaselineRow[],
): (Omit<PythonBaselineRow, "workload" | "model"> & { workload: string; model: string })[] {
  const labels = gilLabels();
  return rows.map((row) => ({ ...row, workload: labels.workloads[row.workload], model: labels.models[row.model] }));
}

// ---------------------------------------------------------------------------------------------
// Building the variants and reporting them.

/** `count` copies of `input` for `task`, a task that runs under the simulated GIL when the input carries one. */
export interface GilWork<I> {
  task: TaskLike<I & { gil?: SimulatedGIL }, unknown>;
  count: number;
  input: I;
}

/** One variant of a GIL experiment: the work on runners of `kind`, holding `gil` when one is given. */
export function variantOf<I extends object>(
  label: string,
  kind: LocalRunnerKind,
  work: GilWork<I>,
  gil?: SimulatedGIL,
): ThroughputSubject<I & { gil?: SimulatedGIL }> {
  return { label, runner: kind, workload: { task: work.task, inputs: Array.from({ length: work.count }, () => ({ ...work.input, gil: gil })) } };
}

const speedupWords = {
  en: (label: string, speedup: string, workers: number) => `${label}: ${speedup}× at ${workers} workers`,
  de: (label: string, speedup: string, workers: number) => `${label}: ${speedup}× bei ${workers} Workern`,
};

/** One line per variant: "label: 1.23× at 2 workers". */
export function describeSpeedups(gain: Record<string, number>, workers: number): string {
  const line = inCourseLanguage(speedupWords);
  return Object.entries(gain)
    .map(([label, speedup]) => line(label, fixed(speedup, 2), workers))
    .join("\n");
}

// ---------------------------------------------------------------------------------------------
// Exercise 2: from mostly waiting to mostly computing.

export interface ComputeShareRow {
  /** Each request counts the primes below this before its I/O. */
  limit: number;
  /** The computing of one request, timed on this thread. */
  computeMs: number;
  /** computeMs / (computeMs + ioMs): how much of a request is computing. */
  computeShare: number;
  withGil: number;
  withoutGil: number;
  /** withGil / withoutGil at the same worker count: 1 means the GIL costs nothing. */
  gilKeeps: number;
}

/**
 * Requests that compute (primes below each limit) and then wait ioMs, on `workers` threads with and
 * without the simulated GIL, in interleaved rounds: how much of the throughput the GIL keeps as the
 * computing share grows.
 */
export async function measureGilByComputeShare(options: {
  gil: SimulatedGIL;
  limits: readonly number[];
  ioMs: number;
  tasks: number;
  workers: number;
  repetitions?: number;
}): Promise<ComputeShareRow[]> {
  const rows: ComputeShareRow[] = [];
  for (const limit of options.limits) {
    const work = { task: requestUnderGilTask, count: options.tasks, input: { ioMs: options.ioMs, limit } };
    const [withGil, withoutGil] = await measureSubjects([variantOf("with GIL", "threads", work, options.gil), variantOf("without GIL", "threads", work)], {
      workers: [options.workers],
      repetitions: options.repetitions ?? 1,
    });
    const computeMs = countPrimesMs(limit);
    rows.push({
      limit,
      computeMs,
      computeShare: computeMs / (computeMs + options.ioMs),
      withGil: withGil.tasksPerSecond,
      withoutGil: withoutGil.tasksPerSecond,
      gilKeeps: withGil.tasksPerSecond / withoutGil.tasksPerSecond,
    });
  }
  return rows;
}

/** Below this share of the GIL-free throughput, the GIL is said to hurt. */
export const gilHurtsBelow = 0.8;

const computeShareWords = {
  en: {
    hurtsFrom: (share: string, keeps: string, workers: number) =>
      `With ${workers} threads the GIL starts to hurt once computing is about ${share} of a request: there it keeps only ${keeps} of the throughput without it.`,
    neverHurts: (share: string, workers: number) =>
      `With ${workers} threads the GIL never cost more than ${Math.round(100 * (1 - gilHurtsBelow))} % here, up to a computing share of ${share}: the waits still overlapped.`,
  },
  de: {
    hurtsFrom: (share: string, keeps: string, workers: number) =>
      `Bei ${workers} Threads beginnt das GIL zu schaden, sobald das Rechnen etwa ${share} einer Anfrage ausmacht: Dort bleiben mit GIL nur ${keeps} des Durchsatzes ohne GIL.`,
    neverHurts: (share: string, workers: number) =>
      `Bei ${workers} Threads kostete das GIL hier nie mehr als ${Math.round(100 * (1 - gilHurtsBelow))} %, bis zu einem Rechenanteil von ${share}: Die Wartezeiten überlappten sich weiterhin.`,
  },
};

/** The first computing share at which the GIL kept less than gilHurtsBelow of the GIL-free throughput, as a sentence. */
export function whereTheGilHurts(rows: readonly ComputeShareRow[], workers: number): string {
  const percent = (value: number) => `${Math.round(100 * value)} %`;
  const sorted = [...rows].sort((a, b) => a.computeShare - b.computeShare);
  const first = sorted.find((row) => row.gilKeeps < gilHurtsBelow);
  const words = inCourseLanguage(computeShareWords);
  if (first === undefined) return words.neverHurts(percent(sorted.at(-1)?.computeShare ?? 0), workers);
  return words.hurtsFrom(percent(first.computeShare), percent(first.gilKeeps), workers);
}

// ---------------------------------------------------------------------------------------------
// Copied or moved: what a worker thread receives.

const transferWords = {
  en: {
    copied: "copied (structured clone)",
    moved: "moved (transferList)",
    verdict: (movedMs: string, copiedMs: string, ratio: string, sent: number, kept: number) =>
      `Moving took ${movedMs} ms against ${copiedMs} ms for copying (${ratio}); after moving, the sender still had ${kept} of the ${sent} bytes.`,
    faster: (times: string) => `${times}× faster`,
    slower: (times: string) => `${times}× slower`,
  },
  de: {
    copied: "kopiert (Structured Clone)",
    moved: "verschoben (transferList)",
    verdict: (movedMs: string, copiedMs: string, ratio: string, sent: number, kept: number) =>
      `Das Verschieben dauerte ${movedMs} ms, das Kopieren ${copiedMs} ms (${ratio}); nach dem Verschieben hatte der Sender noch ${kept} der ${sent} Bytes.`,
    faster: (times: string) => `${times}× schneller`,
    slower: (times: string) => `${times}× langsamer`,
  },
};

/** copyOrMove's two rows in one sentence: which way was faster, and what the sender kept. */
export function transferVerdict(rows: readonly TransferRow[]): string {
  const words = inCourseLanguage(transferWords);
  const copied = rows.find((row) => row.way === words.copied);
  const moved = rows.find((row) => row.way === words.moved);
  if (copied === undefined || moved === undefined) throw new RangeError("transferVerdict needs copyOrMove's two rows, made in the same course language.");
  const ratio =
    copied.roundTripMs >= moved.roundTripMs
      ? words.faster(fixed(copied.roundTripMs / moved.roundTripMs, 1))
      : words.slower(fixed(moved.roundTripMs / copied.roundTripMs, 1));
  return words.verdict(fixed(moved.roundTripMs, 1), fixed(copied.roundTripMs, 1), ratio, moved.workerGotBytes, moved.senderKeepsBytes);
}

export interface TransferRow {
  way: string;
  megabytes: number;
  /** Submit to the result, median of the runs. */
  roundTripMs: number;
  /** What the worker found in the buffer it received. */
  workerGotBytes: number;
  /** The sender's buffer after sending: 0 once it was moved away. */
  senderKeepsBytes: number;
}

/** Runs in the worker: the size of the buffer that arrived. */
const receivedBytes = (input: { data: Float64Array }): number => input.data.byteLength;

/**
 * Sends a Float64Array of `megabytes` to a worker thread of `runner`, once copied and once moved
 * (its buffer in transferList), `runs` times each: the round trip, and who has the bytes afterwards.
 */
export async function copyOrMove(runner: Runner, megabytes: number, runs = 3): Promise<TransferRow[]> {
  if (runner.kind !== "threads") throw new RangeError(`copyOrMove needs a thread runner (only threads can move buffers), got "${runner.kind}".`);
  const length = Math.round((megabytes * 1e6) / Float64Array.BYTES_PER_ELEMENT);
  await runner.submit(receivedBytes, { data: new Float64Array(1) }); // start the worker outside the timing
  const words = inCourseLanguage(transferWords);
  const rows: TransferRow[] = [];
  for (const move of [false, true]) {
    const times: number[] = [];
    let last = { workerGotBytes: 0, senderKeepsBytes: 0 };
    for (let run = 0; run < runs; run += 1) {
      const data = new Float64Array(length).fill(1);
      const started = performance.now();
      const workerGotBytes = await runner.submit(receivedBytes, { data }, move ? { transferList: [data.buffer] } : {});
      times.push(performance.now() - started);
      last = { workerGotBytes, senderKeepsBytes: data.byteLength };
    }
    rows.push({ way: move ? words.moved : words.copied, megabytes, roundTripMs: median(times), ...last });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The blocked event loop.

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A CPU loop that never yields for `ms`: shipped to a worker as source, so it uses nothing from outside. */
export function busyFor(ms: number): number {
  const end = performance.now() + ms;
  while (performance.now() < end);
  return ms;
}

const blockedWords = {
  en: (worst: string, loop: number, share: number, idle: string, offloaded: string) =>
    `While the main thread computed for ${loop} ms, the timer's worst tick was ${worst} ms late (${share} % of the loop's length); ` +
    `idle, ${idle} ms; with the same loop in a worker thread, ${offloaded} ms.`,
  de: (worst: string, loop: number, share: number, idle: string, offloaded: string) =>
    `Während der Haupt-Thread ${loop} ms lang rechnete, kam der am stärksten verspätete Tick des Timers ${worst} ms zu spät (${share} % der Dauer der Schleife); ` +
    `bei untätiger Loop ${idle} ms, mit derselben Schleife in einem Worker-Thread ${offloaded} ms.`,
};

/**
 * The blocked-loop measurement in one sentence, from worstLateness's rows (idle first, the
 * main-thread loop second, the worker-thread loop third) and the loop's length.
 */
export function blockedLoopVerdict(rows: readonly { worstLagMs: number }[], blockMs: number): string {
  const [idle, blocked, offloaded] = rows;
  if (offloaded === undefined) throw new RangeError("blockedLoopVerdict needs the three runs: idle, main-thread loop, worker-thread loop.");
  const verdict = inCourseLanguage(blockedWords);
  return verdict(
    fixed(blocked.worstLagMs, 0),
    blockMs,
    Math.round((100 * blocked.worstLagMs) / blockMs),
    fixed(idle.worstLagMs, 1),
    fixed(offloaded.worstLagMs, 1),
  );
}

/** Per timer-lateness run: its series, how many ticks fired and the latest one. */
export function worstLateness(
  runs: readonly { samples: readonly TimerLatenessSample[] }[],
): { series: string | undefined; ticks: number; worstLagMs: number }[] {
  return runs.map(({ samples }) => ({ series: samples[0]?.series, ticks: samples.length, worstLagMs: Math.max(...samples.map((sample) => sample.lagMs)) }));
}
