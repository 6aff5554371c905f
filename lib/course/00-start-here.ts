// Helpers of the notebook "Start here": the one-line verdict on the demo sweep, built from its numbers.
import { fixed, inCourseLanguage } from "../language";
import { wholeTaskSpeedup, type AmdahlFit } from "../measure/amdahl";
import type { CeilingRecord } from "../measure/ceiling";
import { formatSerialFraction } from "../plot/format";
import type { KindThroughput } from "./01-martelli-scalability";

interface VerdictParts {
  kind: string;
  workers: number;
  speedup: string;
  wholeTasks: string;
  tasks: number;
  ceiling: string;
  serial: string;
  limit: string;
}

/** The printed words of this module, per course language (see lib/language.ts). */
const english = {
  verdict: (p: VerdictParts) =>
    `${p.kind} at ${p.workers} workers: ${p.speedup}× one worker (perfect: ${p.workers}×, the most ${p.tasks} whole tasks allow: ${p.wholeTasks}×, ` +
    `machine ceiling: ${p.ceiling}); Amdahl serial fraction ${p.serial}, limit ${p.limit}`,
  unlimited: "none (s = 0)",
  noCeiling: "not measured",
};

const german: typeof english = {
  verdict: (p) =>
    `${p.kind} mit ${p.workers} Workern: ${p.speedup}× so schnell wie ein Worker (perfekt: ${p.workers}×, höchstens möglich mit ${p.tasks} ganzen Aufgaben: ${p.wholeTasks}×, ` +
    `Obergrenze des Rechners: ${p.ceiling}); serieller Anteil nach Amdahl ${p.serial}, Grenze ${p.limit}`,
  unlimited: "keine (s = 0)",
  noCeiling: "nicht gemessen",
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
  const words = inCourseLanguage({ en: english, de: german });
  return words.verdict({
    kind: widest.kind,
    workers: widest.workers,
    speedup: fixed(widest.tasksPerSecond / one.tasksPerSecond, 2),
    tasks,
    wholeTasks: fixed(wholeTaskSpeedup(tasks, widest.workers), 2),
    ceiling: probe === undefined ? words.noCeiling : `${fixed(probe.speedup, 2)}×`,
    serial: formatSerialFraction(fit),
    limit: Number.isFinite(fit.maxSpeedup) ? `${fixed(fit.maxSpeedup, 1)}×` : words.unlimited,
  });
}
