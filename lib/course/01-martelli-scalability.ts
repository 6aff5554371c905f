// Helpers of the Martelli notebook: his bands on this machine, speed-ups from throughput records,
// and what workers past the core count bought, next to what the hardware alone gave.
import { fixed, inCourseLanguage } from "../language";
import { wholeTaskSpeedup, type SpeedupPoint } from "../measure/amdahl";
import type { CeilingRecord } from "../measure/ceiling";

/** The printed words of this module, per course language (see lib/language.ts). */
const english = {
  bandNames: ["1: one core", "2: a few cores", "3: more than one machine"],
  bandNeeds: ["1", "2 to about 8 (Martelli); today up to what one machine has", "more than one machine has"],
  bandTools: ["one thread, one process", "threads, processes, async", "distributed processing"],
  fitsOne: (cores: number) => `fits (uses 1 of ${cores} core${cores === 1 ? "" : "s"})`,
  fitsFew: (cores: number) => (cores >= 2 ? `fits, up to ${cores} cores` : "no: this machine has 1 core"),
  needsMore: (cores: number) => `needs machines beyond this one (more than ${cores} cores)`,
  hardware: "hardware (ceiling probe)",
  scaling: (cores: number, kinds: string, ceiling: string, tasks: number, wholeTasks: string) =>
    `At ${cores} workers: ${kinds} one worker; the hardware ceiling is ${ceiling}, perfect scaling ${cores}× (the most ${tasks} whole tasks allow: ${wholeTasks}×).`,
  notProbed: "not probed",
  head: (cores: number, most: number, ratios: string) => `From ${cores} to ${most} workers: ${ratios}`,
  noGain: (loss: string) => ` — no gain past the cores${loss}. `,
  middleBandEnds: (cores: number) =>
    `For CPU-bound work the middle band on this machine ends at its ${cores} cores: beyond them only more machines (the third band) add speed.`,
  lost: (kind: string, percent: number) => `; ${kind} lost ${percent} %`,
  busyMachine:
    " — the bare spinning processes gained too, so other programs were competing for the cores (more workers win a bigger share of a busy machine); measure again on a quiet machine before drawing a conclusion.",
  disturbed: (kinds: string, cores: number) =>
    ` — ${kinds} gained past the cores while the hardware did not: the runs at ${cores} workers were probably disturbed; measure again before drawing a conclusion.`,
  and: " and ",
};

const german: typeof english = {
  bandNames: ["1: ein Kern", "2: einige Kerne", "3: mehr als ein Rechner"],
  bandNeeds: ["1", "2 bis etwa 8 (Martelli); heute bis zu so vielen, wie ein Rechner hat", "mehr, als ein Rechner hat"],
  bandTools: ["ein Thread, ein Prozess", "Threads, Prozesse, async", "verteilte Verarbeitung"],
  fitsOne: (cores) => `passt (nutzt 1 von ${cores} Kern${cores === 1 ? "" : "en"})`,
  fitsFew: (cores) => (cores >= 2 ? `passt, bis zu ${cores} Kerne` : "nein: dieser Rechner hat 1 Kern"),
  needsMore: (cores) => `braucht weitere Rechner (mehr als ${cores} Kerne)`,
  hardware: "Hardware (Messung der Obergrenze)",
  scaling: (cores, kinds, ceiling, tasks, wholeTasks) =>
    `Bei ${cores} Workern: ${kinds} so schnell wie ein Worker; die Obergrenze der Hardware liegt bei ${ceiling}, perfekte Skalierung bei ${cores}× (höchstens möglich mit ${tasks} ganzen Aufgaben: ${wholeTasks}×).`,
  notProbed: "nicht gemessen",
  head: (cores, most, ratios) => `Von ${cores} auf ${most} Worker: ${ratios}`,
  noGain: (loss) => ` – kein Gewinn jenseits der Kerne${loss}. `,
  middleBandEnds: (cores) =>
    `Für CPU-lastige Arbeit endet die mittlere Kategorie auf diesem Rechner bei seinen ${cores} Kernen: Darüber hinaus bringen nur weitere Rechner (die dritte Kategorie) mehr Geschwindigkeit.`,
  lost: (kind, percent) => `; ${kind} verlor ${percent} %`,
  busyMachine:
    " – auch die nackten, rechnenden Prozesse gewannen, also konkurrierten andere Programme um die Kerne (mehr Worker erobern einen größeren Anteil eines ausgelasteten Rechners); messt auf einem ruhigen Rechner noch einmal, bevor ihr einen Schluss zieht.",
  disturbed: (kinds, cores) =>
    ` – ${kinds} gewannen jenseits der Kerne, die Hardware aber nicht: Die Läufe mit ${cores} Workern wurden wahrscheinlich gestört; messt noch einmal, bevor ihr einen Schluss zieht.`,
  and: " und ",
};

const words = () => inCourseLanguage({ en: english, de: german });

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

export interface BandRow {
  band: string;
  /** How many cores a problem in this band needs. */
  coresNeeded: string;
  tools: string;
  /** Whether a problem of this band fits on this machine. */
  onThisMachine: string;
}

/**
 * Martelli's bands, which sort problems by the cores they need, with what each means on a machine
 * with `cores` cores: band 1 always fits, band 2 up to the machine's cores, band 3 needs more machines.
 */
export function martelliBands(cores: number): BandRow[] {
  if (!(Number.isInteger(cores) && cores >= 1)) throw new RangeError(`cores must be a whole number >= 1, got ${cores}.`);
  const { fitsOne, fitsFew, needsMore, bandNames, bandNeeds, bandTools } = words();
  const fit = [fitsOne(cores), fitsFew(cores), needsMore(cores)];
  return bandNames.map((band, index) => ({ band, coresNeeded: bandNeeds[index], tools: bandTools[index], onThisMachine: fit[index] }));
}

/**
 * "At 4 workers: threads 3.61×, processes 3.55× one worker; the hardware ceiling is 3.80×, perfect
 * scaling 4× (the most 64 whole tasks allow: 4.00×)." from the sweep and the ceiling probe.
 */
export function scalingVerdict(records: readonly KindThroughput[], ceiling: readonly CeilingRecord[], cores: number, tasks: number): string {
  const kinds = [...new Set(records.map((record) => record.kind))];
  const atCores = kinds.map((kind) => {
    const point = speedupsOf(records, kind).find((candidate) => candidate.workers === cores);
    if (point === undefined) throw new RangeError(`scalingVerdict needs a record of kind "${kind}" with ${cores} workers (the core count).`);
    return `${kind} ${fixed(point.speedup, 2)}×`;
  });
  const probe = ceiling.find((record) => record.processes === cores);
  const { scaling, notProbed } = words();
  return scaling(cores, atCores.join(", "), probe === undefined ? notProbed : `${fixed(probe.speedup, 2)}×`, tasks, fixed(wholeTaskSpeedup(tasks, cores), 2));
}

export interface PastTheCoresRow {
  kind: string;
  cores: number;
  /** The largest worker count measured. */
  mostWorkers: number;
  /** Speed-up over one worker (or one process, for the hardware) with as many workers as cores. */
  speedupAtCores: number;
  /** Speed-up over one worker with the most workers measured. */
  speedupAtMost: number;
  /** speedupAtMost / speedupAtCores: above 1 is a gain from oversubscribing, below 1 a loss. */
  gain: number;
}

/**
 * For each kind: its speed-up with `cores` workers against the largest worker count measured,
 * plus a "hardware" row from the ceiling probe (the same for plain spinning processes).
 */
export function pastTheCores(records: readonly KindThroughput[], ceiling: readonly CeilingRecord[], cores: number): PastTheCoresRow[] {
  const kinds = [...new Set(records.map((record) => record.kind))];
  const rows = kinds.map((kind) => {
    const own = speedupsOf(records, kind);
    const atCores = own.find((point) => point.workers === cores);
    const most = own[own.length - 1];
    if (atCores === undefined) throw new RangeError(`pastTheCores needs a record of kind "${kind}" with ${cores} workers (the core count).`);
    return { kind, cores, mostWorkers: most.workers, speedupAtCores: atCores.speedup, speedupAtMost: most.speedup, gain: most.speedup / atCores.speedup };
  });
  const probeAtCores = ceiling.find((record) => record.processes === cores);
  const probeMost = ceiling.length === 0 ? undefined : ceiling.reduce((best, record) => (record.processes > best.processes ? record : best));
  if (probeAtCores !== undefined && probeMost !== undefined) {
    rows.push({
      kind: words().hardware,
      cores,
      mostWorkers: probeMost.processes,
      speedupAtCores: probeAtCores.speedup,
      speedupAtMost: probeMost.speedup,
      gain: probeMost.speedup / probeAtCores.speedup,
    });
  }
  return rows;
}

/** A gain from oversubscribing below this counts as none: measurements on a shared machine wobble. */
export const noticeableGain = 1.15;

/**
 * One sentence on the rows of pastTheCores: no gain (the worst loss, and what that means for
 * Martelli's middle band), or a gain the bare spinning processes shared (other programs competed
 * for the cores), or one they did not (a disturbed measurement).
 */
export function pastTheCoresVerdict(rows: readonly PastTheCoresRow[]): string {
  const { hardware: hardwareKind, head, noGain, lost, busyMachine, disturbed, and } = words();
  const runners = rows.filter((row) => row.kind !== hardwareKind);
  const hardware = rows.find((row) => row.kind === hardwareKind);
  if (runners.length === 0) throw new RangeError("pastTheCoresVerdict needs at least one runner row from pastTheCores.");
  const { cores, mostWorkers } = runners[0];
  const opening = head(cores, mostWorkers, rows.map((row) => `${row.kind} ${fixed(row.gain, 2)}×`).join(", "));
  const gainers = runners.filter((row) => row.gain >= noticeableGain);
  if (gainers.length === 0) {
    const worst = runners.reduce((a, b) => (a.gain < b.gain ? a : b));
    return opening + noGain(worst.gain < 1 ? lost(worst.kind, Math.round(100 * (1 - worst.gain))) : "") + middleBandEnds(cores);
  }
  if (hardware !== undefined && hardware.gain >= noticeableGain) return opening + busyMachine;
  return opening + disturbed(gainers.map((row) => row.kind).join(and), cores);
}

/**
 * The conclusion pastTheCoresVerdict draws when no runner gained past the cores: for CPU-bound
 * work, Martelli's middle band ends at this machine's `cores`.
 */
export function middleBandEnds(cores: number): string {
  return words().middleBandEnds(cores);
}
