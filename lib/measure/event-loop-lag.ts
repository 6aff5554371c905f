import { monitorEventLoopDelay } from "node:perf_hooks";

/** Event-loop delay while measureEventLoopLag's `during` ran, in ms (0 where nothing was sampled). */
export interface EventLoopLag {
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Runs `during` and reports how late the event loop ran meanwhile (perf_hooks'
 * monitorEventLoopDelay, sampled every `resolutionMs`, default 10): the cost, to everyone else on
 * the main thread, of CPU work done there. For the delay over time, use recordTimerLateness.
 *
 * Python: asyncio's debug mode, which logs callbacks slower than `loop.slow_callback_duration`.
 *
 * @example
 * const { lag } = await measureEventLoopLag(() => countPrimes(2_000_000));
 * lag.maxMs; // about as long as the countPrimes call took
 */
export async function measureEventLoopLag<T>(
  during: () => T | PromiseLike<T>,
  options: { resolutionMs?: number } = {},
): Promise<{ result: T; lag: EventLoopLag }> {
  const histogram = monitorEventLoopDelay({ resolution: options.resolutionMs ?? 10 });
  histogram.enable();
  try {
    const result = await during();
    // One more turn so a block at the very end is sampled too.
    await new Promise((resolve) => setTimeout(resolve, (options.resolutionMs ?? 10) * 2));
    return { result, lag: lagOf(histogram) };
  } finally {
    histogram.disable();
  }
}

function lagOf(histogram: ReturnType<typeof monitorEventLoopDelay>): EventLoopLag {
  const ms = (nanoseconds: number): number => (Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : 0);
  return { meanMs: ms(histogram.mean), p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
}
