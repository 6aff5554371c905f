// Helpers of the distributed-processing notebook: what arrives when samples cross a runner,
// the cost of one round trip, and the computing job of the fault demonstration with its verdict.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fixed, inCourseLanguage } from "../language";
import type { ProgressCallback } from "../measure/progress";
import { median } from "../measure/stats";
import { createRunner } from "../runners/create-runner";
import { workerDefaults } from "../runners/distributed/queue-protocol";
import type { Runner, RunnerKind } from "../runners/runner";
import { defineTask } from "../runners/task";

interface FaultParts {
  killed: string;
  at: string;
  results: number;
  jobs: string;
  deliveredOnce: boolean;
  fromReplacements: boolean;
  twice: string;
  took: string;
  without: string;
}

interface RoundTripParts {
  ratio: string;
  distributedMs: string;
  processesMs: string;
  share: string;
  taskMs: number;
}

interface ThroughputParts {
  atOne: string;
  atWidest: string;
  widest: number;
  speedup: string;
}

/** The printed words of this module, per course language (see lib/language.ts). */
const english = {
  arrivesAs: (type: string) => `arrives as ${type}`,
  roundTripsOn: (kind: string) => `round trips on ${kind}`,
  throughput: (p: ThroughputParts) =>
    `distributed / process runner: ${p.atOne}× at 1 worker, ${p.atWidest}× at ${p.widest}; distributed speed-up 1 → ${p.widest} workers: ${p.speedup}×`,
  roundTrip: (p: RoundTripParts) =>
    `A distributed round trip takes ${p.ratio}× as long as a process runner's (${p.distributedMs} ms vs ${p.processesMs} ms): ${p.share} % of one ${p.taskMs} ms task.`,
  lockDuration: "lock duration (a job whose lock is not renewed this long counts as stalled)",
  stalledInterval: "interval of the stalled-job check",
  fault: (p: FaultParts) =>
    `Killed workers ${p.killed} at ${p.at} s; ${p.results} results for jobs ${p.jobs} (each delivered once: ${p.deliveredOnce}), ` +
    `all from replacement workers: ${p.fromReplacements}; ${p.twice}; done after ${p.took} s instead of ${p.without} s without the failure.`,
  ranTwice: (jobs: readonly number[]) => `jobs ${jobs.join(" and ")} started twice, once in a killed worker and again in a replacement`,
  ranOnce: "no job started twice",
};

const yesOrNo = (value: boolean) => (value ? "ja" : "nein");

const german: typeof english = {
  arrivesAs: (type) => `kommt als ${type} an`,
  roundTripsOn: (kind) => `Roundtrips mit ${kind}`,
  throughput: (p) =>
    `verteilter Runner / Prozess-Runner: ${p.atOne}× bei 1 Worker, ${p.atWidest}× bei ${p.widest}; Beschleunigung des verteilten Runners von 1 auf ${p.widest} Worker: ${p.speedup}×`,
  roundTrip: (p) =>
    `Ein verteilter Roundtrip dauert ${p.ratio}-mal so lange wie einer des Prozess-Runners (${p.distributedMs} ms gegenüber ${p.processesMs} ms): ${p.share} % einer Aufgabe von ${p.taskMs} ms.`,
  lockDuration: "Sperrdauer (ein Job, dessen Sperre so lange nicht erneuert wird, gilt als hängengeblieben)",
  stalledInterval: "Intervall der Prüfung auf hängengebliebene Jobs",
  fault: (p) =>
    `Worker ${p.killed} nach ${p.at} s beendet; ${p.results} Ergebnisse für die Jobs ${p.jobs} (jedes genau einmal zugestellt: ${yesOrNo(p.deliveredOnce)}), ` +
    `alle von Ersatz-Workern: ${yesOrNo(p.fromReplacements)}; ${p.twice}; fertig nach ${p.took} s statt ${p.without} s ohne den Ausfall.`,
  ranTwice: (jobs) => `die Jobs ${jobs.join(" und ")} starteten zweimal, einmal in einem beendeten Worker und noch einmal in einem Ersatz-Worker`,
  ranOnce: "kein Job startete zweimal",
};

const words = () => inCourseLanguage({ en: english, de: german });

export interface CrossingRecord {
  runner: RunnerKind;
  /** The sample's label. */
  input: string;
  /** "arrives as <what the task returned>", or the refusal's error name and the gist of its message. */
  outcome: string;
}

/**
 * Submits every sample to a fresh one-worker runner of each kind, closing each runner after its samples,
 * and records how it arrived or why it was refused.
 */
export async function sendSamples(kinds: readonly RunnerKind[], task: (value: unknown) => string, samples: Record<string, unknown>): Promise<CrossingRecord[]> {
  const crossings: CrossingRecord[] = [];
  for (const kind of kinds) {
    const runner = createRunner(kind, { workers: 1 });
    try {
      for (const [label, input] of Object.entries(samples)) {
        const outcome = await runner.submit(task, input).then(
          (arrived) => arrivesAs(arrived),
          // Serialization errors say "… (path): reason; what to do": the reason is enough for a table.
          (error: Error) => `${error.name}: ${/\): (.*?);/.exec(error.message)?.[1] ?? error.message}`,
        );
        crossings.push({ runner: kind, input: label, outcome: outcome });
      }
    } finally {
      await runner.close();
    }
  }
  return crossings;
}

/** How sendSamples reports a sample that crossed intact: "arrives as Date" for what the task returned. */
export function arrivesAs(type: string): string {
  return words().arrivesAs(type);
}

export interface RoundTripRecord {
  kind: string;
  roundTrips: number;
  medianMs: number;
  /** 90 % of the round trips took at most this long. */
  p90Ms: number;
}

/** The least a throughput record needs here (lib/measure's ThroughputRecord fits). */
export interface WorkersThroughput {
  workers: number;
  tasksPerSecond: number;
}

function throughputAt(records: readonly WorkersThroughput[], workers: number, runner: string): number {
  const record = records.find((candidate) => candidate.workers === workers);
  if (record === undefined) throw new RangeError(`throughputVerdict needs a record of the ${runner} with ${workers} worker(s).`);
  return record.tasksPerSecond;
}

/**
 * "distributed / process runner: 0.95× at 1 worker, 0.90× at 4; distributed speed-up 1 → 4 workers: 3.50×",
 * from the two runners' records of the same sweep.
 */
export function throughputVerdict(viaPipes: readonly WorkersThroughput[], viaRedis: readonly WorkersThroughput[]): string {
  const widest = Math.max(...viaRedis.map((record) => record.workers));
  const pipes = (workers: number) => throughputAt(viaPipes, workers, "process runner");
  const redis = (workers: number) => throughputAt(viaRedis, workers, "distributed runner");
  return words().throughput({
    atOne: fixed(redis(1) / pipes(1), 2),
    atWidest: fixed(redis(widest) / pipes(widest), 2),
    widest,
    speedup: fixed(redis(widest) / redis(1), 2),
  });
}

/** A task that does nothing, so a round trip measures only the way there and back. */
const returnInput = (input: number): number => input;

/**
 * Submits a no-op task `count` times, one after the other (each waits for the previous result),
 * after a few untimed ones that start the workers.
 */
export async function measureRoundTrips(runner: Runner, count: number, onProgress?: ProgressCallback): Promise<RoundTripRecord> {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`count must be a whole number >= 1, got ${count}.`);
  for (let index = 0; index < Math.max(2, runner.workers); index += 1) await runner.submit(returnInput, index);
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await runner.submit(returnInput, index);
    times.push(performance.now() - started);
    if (index % 10 === 9 || index === count - 1) onProgress?.({ label: words().roundTripsOn(runner.kind), done: index + 1, total: count });
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { kind: runner.kind, roundTrips: count, medianMs: median(times), p90Ms: sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] };
}

/**
 * "A distributed round trip takes 3.2× as long as a process runner's (0.45 ms vs 0.14 ms): 3.0 % of
 * one 15 ms task.", from measureRoundTrips' records of both runners.
 */
export function roundTripVerdict(trips: readonly Pick<RoundTripRecord, "kind" | "medianMs">[], taskMs: number): string {
  const medianOf = (kind: string) => {
    const trip = trips.find((candidate) => candidate.kind === kind);
    if (trip === undefined) throw new RangeError(`roundTripVerdict needs the round trips of the ${kind} runner.`);
    return trip.medianMs;
  };
  const [distributed, processes] = [medianOf("distributed"), medianOf("processes")];
  return words().roundTrip({
    ratio: fixed(distributed / processes, 1),
    distributedMs: fixed(distributed, 2),
    processesMs: fixed(processes, 2),
    share: fixed((100 * distributed) / taskMs, 1),
    taskMs,
  });
}

/**
 * BullMQ's own Worker defaults for lockDuration and stalledInterval (BullMQ documentation, Worker
 * options); tests/lib/course/02-distributed-processing.test.ts checks them against the installed BullMQ.
 */
export const bullmqWorkerDefaults = { lockDurationMs: 30_000, stalledIntervalMs: 30_000 } as const;

export interface RecoverySetting {
  setting: string;
  bullmq: number;
  courseRunner: number;
  thisDemo: number;
}

/** The lock and stalled-check settings: BullMQ's defaults, the course runner's, and the demonstration's. */
export function recoverySettings(demo: { lockDurationMs: number; stalledIntervalMs: number }): RecoverySetting[] {
  return [
    { setting: words().lockDuration, bullmq: bullmqWorkerDefaults.lockDurationMs, courseRunner: workerDefaults.lockDurationMs, thisDemo: demo.lockDurationMs },
    {
      setting: words().stalledInterval,
      bullmq: bullmqWorkerDefaults.stalledIntervalMs,
      courseRunner: workerDefaults.stalledIntervalMs,
      thisDemo: demo.stalledIntervalMs,
    },
  ];
}

/** A fresh file for computingJob's start log. */
export function startLogFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "job-starts-")), "starts.log");
}

/**
 * A job of the fault demonstration: it notes its start ("job pid" on a line of `startLog`, when
 * given), keeps its CPU busy for `ms` without a pause (longer than the lock, which the worker's
 * lock keeper renews meanwhile) and reports which worker process ran it.
 */
export function computingJob(input: { job: number; ms: number; startLog?: string }): { job: number; pid: number } {
  if (input.startLog !== undefined) fs.appendFileSync(input.startLog, `${input.job} ${process.pid}\n`);
  const end = performance.now() + input.ms;
  while (performance.now() < end);
  return { job: input.job, pid: process.pid };
}

/** computingJob as a module task: it uses node:fs, so it cannot travel as a self-contained function. */
export const computingJobTask = defineTask(__filename, computingJob);

/** Each job's starts, as the pids of the processes that started it, in order. */
export function jobStarts(startLog: string): Map<number, number[]> {
  const starts = new Map<number, number[]>();
  const text = fs.existsSync(startLog) ? fs.readFileSync(startLog, "utf8") : "";
  for (const line of text.split("\n").filter((entry) => entry.trim() !== "")) {
    const [job, pid] = line.split(" ").map(Number);
    starts.set(job, [...(starts.get(job) ?? []), pid]);
  }
  return starts;
}

/** Resolves once `jobs` different jobs have noted their start in the log; fails after timeoutMs. */
export async function waitForStarts(startLog: string, jobs: number, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (jobStarts(startLog).size < jobs) {
    if (performance.now() > deadline)
      throw new Error(`only ${jobStarts(startLog).size} of ${jobs} jobs started within ${timeoutMs / 1000} s; are the workers running?`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface FaultRow {
  job: number;
  /** How many times a worker started the job. */
  starts: number;
  /** The process whose result reached the caller. */
  resultFrom: string;
  resultFromKilledWorker: boolean;
  /** Whether one of its starts was in a worker that was then killed. */
  startedInKilledWorker: boolean;
}

/** One row per job: its starts, and where the result the caller received came from. */
export function faultRows(
  results: readonly { job: number; pid: number }[],
  starts: ReadonlyMap<number, readonly number[]>,
  killed: readonly number[],
): FaultRow[] {
  return [...results]
    .sort((a, b) => a.job - b.job)
    .map((result) => {
      const pids = starts.get(result.job) ?? [];
      return {
        job: result.job,
        starts: pids.length,
        resultFrom: String(result.pid),
        resultFromKilledWorker: killed.includes(result.pid),
        startedInKilledWorker: pids.some((pid) => killed.includes(pid)),
      };
    });
}

/** The fault demonstration in one sentence, from its rows and timings. */
export function faultVerdict(
  rows: readonly FaultRow[],
  run: { killed: readonly number[]; killedAtMs: number; tookMs: number; jobs: number; taskMs: number; workers: number },
): string {
  const jobs = rows.map((row) => row.job);
  const twice = rows.filter((row) => row.starts > 1).map((row) => row.job);
  const seconds = (ms: number) => fixed(ms / 1000, 1);
  const { fault, ranTwice, ranOnce } = words();
  return fault({
    killed: run.killed.join(", "),
    at: seconds(run.killedAtMs),
    results: rows.length,
    jobs: jobs.join(", "),
    deliveredOnce: rows.length === run.jobs && new Set(jobs).size === run.jobs,
    fromReplacements: rows.every((row) => !row.resultFromKilledWorker),
    twice: twice.length > 0 ? ranTwice(twice) : ranOnce,
    took: seconds(run.tookMs),
    without: seconds(Math.ceil(run.jobs / run.workers) * run.taskMs),
  });
}
