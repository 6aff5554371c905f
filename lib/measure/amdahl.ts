// Amdahl's law, S(n) = 1 / (s + (1 − s) / n), fitted to measured speed-ups.

export interface SpeedupPoint {
  workers: number;
  speedup: number;
}

export interface AmdahlFit {
  /** s: the fraction of the work that did not run in parallel (0..1). */
  serialFraction: number;
  /** Speed-up the fit predicts for n workers. */
  predict(workers: number): number;
  /** The limit 1 / s as workers grow without bound. */
  maxSpeedup: number;
}

export function amdahlSpeedup(serialFraction: number, workers: number): number {
  return 1 / (serialFraction + (1 - serialFraction) / workers);
}

/**
 * Least squares on 1/S − 1/n = s · (1 − 1/n), which is linear in s.
 * Points with one worker carry no information about s and are ignored.
 */
export function fitAmdahl(points: readonly SpeedupPoint[]): AmdahlFit {
  let numerator = 0;
  let denominator = 0;
  for (const { workers, speedup } of points) {
    if (!(workers >= 1) || !(speedup > 0)) throw new RangeError(`fitAmdahl needs workers >= 1 and speedup > 0, got ${workers} and ${speedup}.`);
    const x = 1 - 1 / workers;
    const y = 1 / speedup - 1 / workers;
    numerator += x * y;
    denominator += x * x;
  }
  if (denominator === 0) throw new RangeError("fitAmdahl needs at least one point with more than one worker.");
  const serialFraction = Math.min(1, Math.max(0, numerator / denominator));
  return {
    serialFraction,
    predict: (workers) => amdahlSpeedup(serialFraction, workers),
    maxSpeedup: serialFraction === 0 ? Infinity : 1 / serialFraction,
  };
}
