// Helpers of the Martelli notebook: speed-ups from throughput records, and what
// workers past the core count bought, next to what the hardware alone gave.
import type { SpeedupPoint } from "../measure/amdahl";
import type { CeilingRecord } from "../measure/ceiling";

/** The least a throughput record needs here (lib/measure's ThroughputRecord fits). */
export interface KindThroughput {
  kind: string;
  workers: number;
  tasksPerSecond: number;
}

/**
 * Speed-up over one worker for one kind, for fitAmdahl. `maxWorkers` leaves out the
 * oversubscribed counts: Amdahl's law assumes a processor per worker.
 */
export function speedupsOf(records: readonly KindThroughput[], kind: string, maxWorkers = Infinity): SpeedupPoint[] {
  const own = records.filter((record) => record.kind === kind).sort((a, b) => a.workers - b.workers);
  const base = own.find((record) => record.workers === 1)?.tasksPerSecond;
  if (base === undefined || !(base > 0)) {
    throw new RangeError(`speedupsOf needs a one-worker record of kind "${kind}" with positive throughput; measure workers = 1 too.`);
  }
  return own.filter((record) => record.workers <= maxWorkers).map((record) => ({ workers: record.workers, speedup: record.tasksPerSecond / base }));
}

export interface PastTheCoresRow {
  kind: string;
  cores: number;
  /** Throughput with as many workers as cores. */
  atCores: number;
  /** Throughput with the most workers measured. */
  mostWorkers: number;
  atMost: number;
  /** atMost / atCores: above 1 is a gain from oversubscribing, below 1 a loss. */
  gain: number;
}

/**
 * For each kind: throughput with `cores` workers against the largest worker count measured,
 * plus a "hardware" row from the ceiling probe (the same ratio for plain spinning processes).
 */
export function pastTheCores(records: readonly KindThroughput[], ceiling: readonly CeilingRecord[], cores: number): PastTheCoresRow[] {
  const kinds = [...new Set(records.map((record) => record.kind))];
  const rows = kinds.map((kind) => {
    const own = records.filter((record) => record.kind === kind);
    const atCores = own.find((record) => record.workers === cores);
    const most = own.reduce((best, record) => (record.workers > best.workers ? record : best));
    if (atCores === undefined) throw new RangeError(`pastTheCores needs a record of kind "${kind}" with ${cores} workers (the core count).`);
    return { kind, cores, atCores: atCores.tasksPerSecond, mostWorkers: most.workers, atMost: most.tasksPerSecond, gain: most.tasksPerSecond / atCores.tasksPerSecond };
  });
  const probeAtCores = ceiling.find((record) => record.processes === cores);
  const probeMost = ceiling.length === 0 ? undefined : ceiling.reduce((best, record) => (record.processes > best.processes ? record : best));
  if (probeAtCores !== undefined && probeMost !== undefined) {
    rows.push({
      kind: "hardware (ceiling probe)",
      cores,
      atCores: probeAtCores.speedup,
      mostWorkers: probeMost.processes,
      atMost: probeMost.speedup,
      gain: probeMost.speedup / probeAtCores.speedup,
    });
  }
  return rows;
}

const noticeableGain = 1.15;

/**
 * One sentence on the rows of pastTheCores: no gain (and the worst loss), or a gain the bare
 * spinning processes shared (other programs competed for the cores), or one they did not.
 */
export function pastTheCoresVerdict(rows: readonly PastTheCoresRow[]): string {
  const runners = rows.filter((row) => row.kind !== "hardware (ceiling probe)");
  const hardware = rows.find((row) => row.kind === "hardware (ceiling probe)");
  if (runners.length === 0) throw new RangeError("pastTheCoresVerdict needs at least one runner row from pastTheCores.");
  const { cores, mostWorkers } = runners[0];
  const ratios = rows.map((row) => `${row.kind} ${row.gain.toFixed(2)}×`).join(", ");
  const head = `From ${cores} to ${mostWorkers} workers: ${ratios}`;
  const gainers = runners.filter((row) => row.gain >= noticeableGain);
  if (gainers.length === 0) {
    const worst = runners.reduce((a, b) => (a.gain < b.gain ? a : b));
    return `${head} — no gain past the cores${worst.gain < 1 ? `; ${worst.kind} lost ${(100 * (1 - worst.gain)).toFixed(0)} %` : ""}.`;
  }
  if (hardware !== undefined && hardware.gain >= noticeableGain) {
    return `${head} — the bare spinning processes gained too, so other programs were competing for the cores (more workers win a bigger share of a busy machine); measure again on a quiet machine.`;
  }
  return `${head} — ${gainers.map((row) => row.kind).join(" and ")} gained past the cores while the hardware did not: the runs at ${cores} workers were probably disturbed; measure again.`;
}
