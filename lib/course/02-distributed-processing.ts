// Helpers of the distributed-processing notebook: what arrives when samples cross a runner,
// the cost of one round trip, and the computing job of the fault demonstration.
import type { ProgressCallback } from "../measure/progress";
import { median } from "../measure/stats";
import { createRunner } from "../runners/create-runner";
import type { Runner, RunnerKind } from "../runners/runner";

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
 * A job of the fault demonstration: it keeps its CPU busy for `ms` without a pause (longer than
 * the lock, which the worker's lock keeper renews meanwhile) and reports which worker process ran it.
 */
export function computingJob(input: { job: number; ms: number }): { job: number; pid: number } {
  const end = performance.now() + input.ms;
  while (performance.now() < end);
  return { job: input.job, pid: process.pid };
}
