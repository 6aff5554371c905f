// Helpers of the distributed-processing notebook: what arrives when samples cross a runner,
// the cost of one round trip, and the computing job of the fault demonstration with its verdict.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ProgressCallback } from "../measure/progress";
import { median } from "../measure/stats";
import { createRunner } from "../runners/create-runner";
import { workerDefaults } from "../runners/distributed/queue-protocol";
import type { Runner, RunnerKind } from "../runners/runner";
import { defineTask } from "../runners/task";

/** The printed words of this module, in one place so another language can replace them. */
const words = {
  lockDuration: "lock duration (a job whose lock is not renewed this long counts as stalled)",
  stalledInterval: "interval of the stalled-job check",
  fault: (p: { killed: string; at: string; results: number; jobs: string; deliveredOnce: boolean; fromReplacements: boolean; twice: string; took: string; without: string }) =>
    `Killed workers ${p.killed} at ${p.at} s; ${p.results} results for jobs ${p.jobs} (each delivered once: ${p.deliveredOnce}), ` +
    `all from replacement workers: ${p.fromReplacements}; ${p.twice}; done after ${p.took} s instead of ${p.without} s without the failure.`,
  ranTwice: (jobs: string) => `jobs ${jobs} started twice, once in a killed worker and again in a replacement`,
  ranOnce: "no job started twice",
};

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
          (arrived) => `arrives as ${arrived}`,
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

export interface RoundTripRecord {
  kind: string;
  roundTrips: number;
  medianMs: number;
  /** 90 % of the round trips took at most this long. */
  p90Ms: number;
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
    if (index % 10 === 9 || index === count - 1) onProgress?.({ label: `round trips on ${runner.kind}`, done: index + 1, total: count });
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { kind: runner.kind, roundTrips: count, medianMs: median(times), p90Ms: sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] as number };
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
    { setting: words.lockDuration, bullmq: bullmqWorkerDefaults.lockDurationMs, courseRunner: workerDefaults.lockDurationMs, thisDemo: demo.lockDurationMs },
    { setting: words.stalledInterval, bullmq: bullmqWorkerDefaults.stalledIntervalMs, courseRunner: workerDefaults.stalledIntervalMs, thisDemo: demo.stalledIntervalMs },
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
    if (performance.now() > deadline) throw new Error(`only ${jobStarts(startLog).size} of ${jobs} jobs started within ${timeoutMs / 1000} s; are the workers running?`);
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
export function faultRows(results: readonly { job: number; pid: number }[], starts: ReadonlyMap<number, readonly number[]>, killed: readonly number[]): FaultRow[] {
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
export function faultVerdict(rows: readonly FaultRow[], run: { killed: readonly number[]; killedAtMs: number; tookMs: number; jobs: number; taskMs: number; workers: number }): string {
  const jobs = rows.map((row) => row.job);
  const twice = rows.filter((row) => row.starts > 1).map((row) => row.job);
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  return words.fault({
    killed: run.killed.join(", "),
    at: seconds(run.killedAtMs),
    results: rows.length,
    jobs: jobs.join(", "),
    deliveredOnce: rows.length === run.jobs && new Set(jobs).size === run.jobs,
    fromReplacements: rows.every((row) => !row.resultFromKilledWorker),
    twice: twice.length > 0 ? words.ranTwice(twice.join(" and ")) : words.ranOnce,
    took: seconds(run.tookMs),
    without: seconds((Math.ceil(run.jobs / run.workers) * run.taskMs)),
  });
}
