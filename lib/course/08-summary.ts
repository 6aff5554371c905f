// Helpers of the notebook "Summary": a decision-table row from throughput records, and timing
// whole designs of an app (functions that process the same items in different ways), also at
// several amounts of CPU work per item.
import type { ProgressCallback } from "../measure/progress";
import { median } from "../measure/stats";
import type { ThroughputRecord } from "../measure/throughput";
import { calibrateCountPrimes } from "../workloads/cpu";

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

/** One row of the decision table: the three models' throughput on one workload, the best named. */
export function decisionRow(workload: string, records: readonly ThroughputRecord[]): DecisionRow {
  const throughput = (kind: string): number => {
    const record = records.find((candidate) => candidate.kind === kind);
    if (record === undefined) throw new RangeError(`decisionRow("${workload}") needs a ${kind} record; measure kinds ${decisionKinds.join(", ")}.`);
    return record.tasksPerSecond;
  };
  const ranked = decisionKinds.map((kind) => ({ kind, tasksPerSecond: throughput(kind) })).sort((a, b) => b.tasksPerSecond - a.tasksPerSecond);
  return {
    workload,
    workers: records[0]?.workers ?? 0,
    async: throughput("async"),
    threads: throughput("threads"),
    processes: throughput("processes"),
    best: ranked[0].kind,
    lead: `${(ranked[0].tasksPerSecond / ranked[1].tasksPerSecond).toFixed(1)}×`,
  };
}

export interface DesignRecord {
  design: string;
  items: number;
  /** Median wall time of one run over all items. */
  seconds: number;
  itemsPerSecond: number;
}

/** Times each design (a function that processes `items` items): one untimed run, then the median of `repetitions`. */
export async function timeDesigns(
  designs: Record<string, () => Promise<unknown>>,
  options: { items: number; repetitions?: number; onProgress?: ProgressCallback },
): Promise<DesignRecord[]> {
  const repetitions = options.repetitions ?? 3;
  const names = Object.keys(designs);
  const total = names.length * (repetitions + 1);
  const records: DesignRecord[] = [];
  let done = 0;
  for (const design of names) {
    const seconds: number[] = [];
    for (let run = 0; run <= repetitions; run += 1) {
      const started = performance.now();
      await designs[design]();
      if (run > 0) seconds.push((performance.now() - started) / 1000);
      done += 1;
      options.onProgress?.({ label: "app designs", done, total });
    }
    const typical = median(seconds);
    records.push({ design, items: options.items, seconds: typical, itemsPerSecond: options.items / typical });
  }
  return records;
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
  designsFor: (primesBelow: number) => Record<string, () => Promise<unknown>>,
  options: { items: number; repetitions?: number; onProgress?: ProgressCallback },
): Promise<ComputeSizeRecord[]> {
  const rows: ComputeSizeRecord[] = [];
  for (const computeMs of computeMsPerItem) {
    const timed = await timeDesigns(designsFor(calibrateCountPrimes(computeMs)), options);
    rows.push(...timed.map((record) => ({ computeMs, design: record.design, itemsPerSecond: record.itemsPerSecond })));
  }
  return rows;
}
