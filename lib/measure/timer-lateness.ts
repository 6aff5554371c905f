/** One tick of recordTimerLateness's timer; plotLatencyOverTime takes these as they are. */
export interface TimerLatenessSample {
  /** When the tick fired, since the measurement started. */
  timeMs: number;
  /** How much later than `intervalMs` after the previous tick it fired (never negative). */
  lagMs: number;
  /** The `series` option, when given, so several runs can share one chart. */
  series?: string;
}

/** Options of recordTimerLateness; all optional. */
export interface TimerLatenessOptions {
  /** Time asked between ticks. Default 5 ms. */
  intervalMs?: number;
  /** Stamped on every sample, e.g. "busy loop". */
  series?: string;
}

/**
 * Runs `during` with a timer ticking every `intervalMs` on the main thread and returns its result with
 * one sample per tick: how late each tick fired, so a blocked event loop shows as a spike at the
 * moment it happened. A synchronous `during` blocks the loop at once; the tick after it shows the
 * delay. Throws RangeError when intervalMs is below 1.
 *
 * Python: a coroutine that sleeps in a loop and records how late it wakes up.
 *
 * @example
 * const { samples } = await recordTimerLateness(() => countPrimes(2_000_000), { series: "busy loop" });
 * plotLatencyOverTime(samples);
 */
export async function recordTimerLateness<T>(
  during: () => T | PromiseLike<T>,
  options: TimerLatenessOptions = {},
): Promise<{ result: T; samples: TimerLatenessSample[] }> {
  const intervalMs = options.intervalMs ?? 5;
  if (!(Number.isFinite(intervalMs) && intervalMs >= 1)) throw new RangeError(`intervalMs must be a number >= 1 (timers are not finer), got ${intervalMs}.`);
  const samples: TimerLatenessSample[] = [];
  const started = performance.now();
  let previous = started;
  let timer: NodeJS.Timeout | undefined;
  let afterTick: (() => void) | undefined;
  // A chain of timeouts rather than setInterval: each tick is measured against the one before it.
  const tick = (): void => {
    const now = performance.now();
    const sample: TimerLatenessSample = { timeMs: now - started, lagMs: Math.max(0, now - previous - intervalMs) };
    samples.push(options.series === undefined ? sample : { ...sample, series: options.series });
    previous = now;
    timer = setTimeout(tick, intervalMs);
    afterTick?.();
  };
  timer = setTimeout(tick, intervalMs);
  try {
    const result = await during();
    // One more tick, so a block at the very end is sampled too.
    await new Promise<void>((resolve) => (afterTick = resolve));
    return { result, samples };
  } finally {
    clearTimeout(timer);
  }
}
