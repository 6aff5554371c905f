// Amdahl's law, S(n) = 1 / (s + (1 − s) / n), fitted to measured speed-ups.
// With a batch of T equal tasks handed out one at a time, n workers need ⌈T / n⌉ rounds, not T / n:
// the last round may leave workers idle (the tail). Given `tasks`, the law and the fit use
// ⌈T / n⌉ / T for the parallel part, so the tail's steps are not mistaken for serial work.

/** A measured speed-up: time with one worker over time with `workers`, for fitAmdahl. */
export interface SpeedupPoint {
  workers: number;
  speedup: number;
}

/** Options of fitAmdahl. */
export interface AmdahlOptions {
  /** Equal tasks per run, handed out one at a time (chunksize 1): the fit then allows for the tail. */
  tasks?: number;
}

/** fitAmdahl's result; plotThroughputVsWorkers and plotSpeedupVsWorkers draw it as `amdahl`. */
export interface AmdahlFit {
  /** s: the fraction of the work that did not run in parallel (0..1). */
  serialFraction: number;
  /**
   * Set when the least-squares value fell outside 0..1 and was clamped: "upper" when more workers
   * gained nothing (or lost), "lower" when they gained as much as perfect scaling or more.
   */
  atBound?: "lower" | "upper";
  /** The tasks per run the fit allowed for, if any. */
  tasks?: number;
  /** Speed-up the fit predicts for n workers (with the tail, when fitted with tasks). */
  predict(workers: number): number;
  /** The limit 1 / s as workers grow without bound. */
  maxSpeedup: number;
}

/** Time of the parallel part with n workers, relative to one worker: 1 / n, or ⌈T / n⌉ / T for T whole tasks. */
function parallelShare(workers: number, tasks: number | undefined): number {
  return tasks === undefined ? 1 / workers : Math.ceil(tasks / workers) / tasks;
}

/**
 * The best speed-up of n workers on T equal tasks handed out one at a time: T / ⌈T / n⌉ (at most
 * n), since the last round may leave workers idle. Throws RangeError unless tasks is a whole number >= 1.
 *
 * @example
 * wholeTaskSpeedup(8, 3); // 8 / 3 ≈ 2.67: three rounds, the last with one worker idle
 */
export function wholeTaskSpeedup(tasks: number, workers: number): number {
  checkTasks(tasks);
  return 1 / parallelShare(workers, tasks);
}

/**
 * Amdahl's law: the speed-up of `workers` workers when `serialFraction` of the work cannot run in
 * parallel, 1 / (s + (1 − s) / n). Given `tasks` (T equal tasks handed out one at a time), the
 * parallel part takes ⌈T / n⌉ / T instead of 1 / n.
 *
 * @example
 * amdahlSpeedup(0.1, 4); // 1 / (0.1 + 0.9 / 4) ≈ 3.08
 * amdahlSpeedup(0, 3, 4); // 2: four tasks on three workers take two rounds
 */
export function amdahlSpeedup(serialFraction: number, workers: number, tasks?: number): number {
  return 1 / (serialFraction + (1 - serialFraction) * parallelShare(workers, tasks));
}

function checkTasks(tasks: number | undefined): void {
  if (tasks !== undefined && !(Number.isInteger(tasks) && tasks >= 1)) throw new RangeError(`tasks must be a whole number >= 1, got ${tasks}.`);
}

/**
 * Fits Amdahl's law to measured speed-ups: the serial fraction s that explains them best, clamped
 * to 0..1 (`atBound` says when). Least squares on 1/S − r(n) = s · (1 − r(n)), with r(n) the
 * parallel share (1/n, or ⌈T/n⌉/T with `tasks`), which is linear in s. Points with r(n) = 1 (one
 * worker) carry no information about s. Throws RangeError for a point with workers < 1 or speedup
 * <= 0, or when no point has r(n) < 1.
 *
 * Python: `scipy.optimize.curve_fit` with Amdahl's law as the model.
 *
 * @example
 * const fit = fitAmdahl([{ workers: 2, speedup: 1.8 }, { workers: 4, speedup: 3.0 }]);
 * fit.serialFraction; // ≈ 0.111 (1/9)
 * fit.predict(8); // ≈ 4.5
 */
export function fitAmdahl(points: readonly SpeedupPoint[], options: AmdahlOptions = {}): AmdahlFit {
  const tasks = options.tasks;
  checkTasks(tasks);
  let numerator = 0;
  let denominator = 0;
  for (const { workers, speedup } of points) {
    if (!(workers >= 1) || !(speedup > 0)) throw new RangeError(`fitAmdahl needs workers >= 1 and speedup > 0, got ${workers} and ${speedup}.`);
    const share = parallelShare(workers, tasks);
    const x = 1 - share;
    const y = 1 / speedup - share;
    numerator += x * y;
    denominator += x * x;
  }
  if (denominator === 0) throw new RangeError("fitAmdahl needs at least one point with more than one worker.");
  const unclamped = numerator / denominator;
  const serialFraction = Math.min(1, Math.max(0, unclamped));
  const atBound = unclamped >= 1 ? "upper" : unclamped <= 0 ? "lower" : undefined;
  return {
    serialFraction,
    ...(atBound === undefined ? {} : { atBound }),
    ...(tasks === undefined ? {} : { tasks }),
    predict: (workers) => amdahlSpeedup(serialFraction, workers, tasks),
    maxSpeedup: serialFraction === 0 ? Infinity : 1 / serialFraction,
  };
}
