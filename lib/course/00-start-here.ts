// Helpers of the notebook "Start here": the one-line verdict on the demo sweep, built from its numbers.
import { wholeTaskSpeedup, type AmdahlFit } from "../measure/amdahl";
import type { CeilingRecord } from "../measure/ceiling";
import { formatSerialFraction } from "../plot/format";
import type { KindThroughput } from "./01-martelli-scalability";

/** The printed words of this module, in one place so another language can replace them. */
const words = {
  verdict: (p: { kind: string; workers: number; speedup: string; wholeTasks: string; tasks: number; ceiling: string; serial: string; limit: string }) =>
    `${p.kind} at ${p.workers} workers: ${p.speedup}× one worker (perfect: ${p.workers}×, the most ${p.tasks} whole tasks allow: ${p.wholeTasks}×, ` +
    `machine ceiling: ${p.ceiling}); Amdahl serial fraction ${p.serial}, limit ${p.limit}`,
  unlimited: "none (s = 0)",
  noCeiling: "not measured",
};

/**
 * "threads at 4 workers: 3.61× one worker (perfect: 4×, the most 48 whole tasks allow: 4.00×, machine
 * ceiling: 3.80×); Amdahl serial fraction 3.5 %, limit 28.6×" for the widest point of a sweep of one kind.
 */
export function sweepVerdict(sweep: readonly KindThroughput[], ceiling: readonly CeilingRecord[], fit: AmdahlFit, tasks: number): string {
  const sorted = [...sweep].sort((a, b) => a.workers - b.workers);
  const one = sorted.find((record) => record.workers === 1);
  const widest = sorted.at(-1);
  if (one === undefined || widest === undefined) throw new RangeError("sweepVerdict needs the sweep's records, including workers = 1.");
  const probe = ceiling.find((record) => record.processes === widest.workers);
  return words.verdict({
    kind: widest.kind,
    workers: widest.workers,
    speedup: (widest.tasksPerSecond / one.tasksPerSecond).toFixed(2),
    tasks,
    wholeTasks: wholeTaskSpeedup(tasks, widest.workers).toFixed(2),
    ceiling: probe === undefined ? words.noCeiling : `${probe.speedup.toFixed(2)}×`,
    serial: formatSerialFraction(fit),
    limit: Number.isFinite(fit.maxSpeedup) ? `${fit.maxSpeedup.toFixed(1)}×` : words.unlimited,
  });
}
